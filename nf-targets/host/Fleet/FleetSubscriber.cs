using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// A receiver of the fleet's (the judge, the monitor): one MQTT client whose session the broker keeps across a lost
    /// connection, which it resumes by itself until it is disposed. Every message is handed to <see cref="Take"/> and
    /// acknowledged whatever happens there: a message a receiver cannot take still frees its place among the few QoS 1
    /// messages the broker lets be in flight to one subscriber.
    /// </summary>
    public abstract class FleetSubscriber : IDisposable
    {
        private volatile bool _stopping;
        private int _disconnections;

        protected FleetSubscriber()
        {
            Client = Factory.CreateMqttClient();
            Client.ApplicationMessageReceivedAsync += e =>
            {
                try
                {
                    Take(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
                }
                catch (Exception failure)
                {
                    CannotTake(e.ApplicationMessage.Topic, failure);
                }

                return Task.CompletedTask;
            };
            Client.DisconnectedAsync += e =>
            {
                if (e.ClientWasConnected && !_stopping)
                {
                    Interlocked.Increment(ref _disconnections);
                    LastDisconnect = $"{e.Reason}{(e.Exception != null ? ": " + e.Exception.Message : string.Empty)}";
                    _ = Task.Run(Reconnect);
                }

                return Task.CompletedTask;
            };
        }

        protected MqttClientFactory Factory { get; } = new MqttClientFactory();

        protected IMqttClient Client { get; }

        /// <summary>What a lost connection is resumed with: a session the broker keeps (set once the first connect is made).</summary>
        protected MqttClientOptions ResumeOptions { get; set; }

        /// <summary>Times the connection was lost (and resumed).</summary>
        public int Disconnections => Volatile.Read(ref _disconnections);

        /// <summary>Why the connection was last lost, or null.</summary>
        public string LastDisconnect { get; private set; }

        /// <summary>How the connection stands, in words.</summary>
        public string Connection => $"connected: {Client.IsConnected}, lost {Disconnections} time(s), last: {LastDisconnect ?? "never"}";

        /// <summary>One message, on MQTTnet's thread.</summary>
        protected abstract void Take(string topic, byte[] payload);

        /// <summary>A message <see cref="Take"/> threw on (it is acknowledged all the same).</summary>
        protected abstract void CannotTake(string topic, Exception failure);

        /// <summary>Whatever else the receiver holds open, released at <see cref="Dispose"/>.</summary>
        protected virtual void Release()
        {
        }

        /// <summary>
        /// Resumes the session until it is back or the receiver is disposed. Any failure of a connect is tried again (a
        /// receiver that stopped trying would leave the time line waiting at its next flush), after a pause that doubles
        /// up to five seconds; the last one is kept for <see cref="Connection"/>.
        /// </summary>
        private async Task Reconnect()
        {
            int pause = 100;
            while (!_stopping && !Client.IsConnected)
            {
                try
                {
                    await Client.ConnectAsync(ResumeOptions, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    LastDisconnect = $"reconnect failed: {e.GetType().Name}: {e.Message}";
                    await Task.Delay(pause).ConfigureAwait(false);
                    pause = Math.Min(pause * 2, 5000);
                }
            }
        }

        public void Dispose()
        {
            _stopping = true;
            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                Client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Best effort at shutdown: a receiver's state is in memory and already reported.
            }

            Client.Dispose();
            Release();
        }
    }
}
