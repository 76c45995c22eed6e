using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// A receiver of the fleet's (the judge, the monitor, a rollout): one MQTT client whose session the broker keeps
    /// across a lost connection, which it resumes by itself until it is disposed. Every message is handed to
    /// <see cref="Take"/> and acknowledged whatever happens there: a message a receiver cannot take is counted as
    /// malformed and still frees its place among the few QoS 1 messages the broker lets be in flight to one subscriber.
    /// Each receiver also has a topic of its own for flush markers (<see cref="MarkerTopic"/>), which it takes itself.
    /// </summary>
    public abstract class FleetSubscriber : IDisposable
    {
        private volatile bool _stopping;
        private int _disconnections;
        private long _malformed;
        private MqttClientOptions _resumeOptions;
        private MqttClientSubscribeOptions _subscriptions;
        private readonly object _markerGate = new object();
        private long _marker;
        private long _markerSent;

        /// <summary><paramref name="markerTopic"/> is <see cref="MarkerTopic"/>: a topic no other receiver uses.</summary>
        protected FleetSubscriber(string markerTopic)
        {
            MarkerTopic = markerTopic;
            Client = Factory.CreateMqttClient();
            Client.ApplicationMessageReceivedAsync += e =>
            {
                try
                {
                    if (e.ApplicationMessage.Topic == MarkerTopic)
                    {
                        TakeMarker(e.ApplicationMessage.Payload.ToArray());
                    }
                    else
                    {
                        Take(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain);
                    }
                }
                catch (Exception failure)
                {
                    CountMalformed(e.ApplicationMessage.Topic, failure.Message);
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

        /// <summary>Times the connection was lost (and resumed).</summary>
        public int Disconnections => Volatile.Read(ref _disconnections);

        /// <summary>Why the connection was last lost, or why resuming it last failed; null when it never was.</summary>
        public string LastDisconnect { get; private set; }

        /// <summary>How the connection stands, in words.</summary>
        public string Connection => $"connected: {Client.IsConnected}, lost {Disconnections} time(s), last: {LastDisconnect ?? "never"}";

        /// <summary>Messages the receiver could not take (it threw on them, or refused them as not its kind).</summary>
        public long Malformed => Interlocked.Read(ref _malformed);

        /// <summary>The last message the receiver could not take, and why.</summary>
        public string LastMalformed { get; private set; }

        /// <summary>
        /// A topic of this receiver's own, subscribed to with QoS 1: a number published there comes back as
        /// <see cref="Marker"/> after everything the broker took before it (mosquitto delivers to each subscriber in the
        /// order it accepted the messages).
        /// </summary>
        public string MarkerTopic { get; }

        /// <summary>The last number that came on <see cref="MarkerTopic"/>; 0 before any.</summary>
        public long Marker => Interlocked.Read(ref _marker);

        /// <summary>The last marker <see cref="FlushThrough"/> published; 0 before any.</summary>
        protected long MarkerSent => Interlocked.Read(ref _markerSent);

        /// <summary>
        /// One message, on MQTTnet's thread (a marker on <see cref="MarkerTopic"/> never comes here). <paramref name="retained"/>
        /// is the message's retain flag: set on the copy of a retained message that a subscription brings, clear on one
        /// published while the receiver listened or queued for its session meanwhile. What it throws is counted as malformed.
        /// </summary>
        protected abstract void Take(string topic, byte[] payload, bool retained);

        /// <summary>Whatever else the receiver holds open, released at <see cref="Dispose"/>.</summary>
        protected virtual void Release()
        {
        }

        /// <summary>
        /// Publishes the next marker through <paramref name="publish"/> (topic, payload) on this receiver's
        /// <see cref="MarkerTopic"/> and on each of <paramref name="others"/>' (null ones left out), then waits until each of
        /// them has it back: everything the broker took before the call has then reached them. False when one did not have
        /// it within <paramref name="timeout"/>, counted from when the publishes are done.
        /// </summary>
        protected bool FlushThrough(Action<string, byte[]> publish, TimeSpan timeout, params FleetSubscriber[] others)
        {
            long marker = Interlocked.Increment(ref _markerSent);
            byte[] text = Encoding.ASCII.GetBytes(marker.ToString(CultureInfo.InvariantCulture));
            List<FleetSubscriber> receivers = new List<FleetSubscriber> { this };
            receivers.AddRange(others.Where(o => o != null));
            foreach (FleetSubscriber receiver in receivers)
            {
                publish(receiver.MarkerTopic, text);
            }

            long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            return receivers.All(receiver => receiver.AwaitMarker(marker, deadline));
        }

        /// <summary>
        /// Waits, woken by each marker that arrives, until <see cref="Marker"/> is <paramref name="marker"/> or more (true),
        /// or <see cref="Environment.TickCount64"/> reaches <paramref name="deadline"/> (false).
        /// </summary>
        private bool AwaitMarker(long marker, long deadline)
        {
            lock (_markerGate)
            {
                while (_marker < marker)
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        return false;
                    }

                    Monitor.Wait(_markerGate, (int)Math.Min(left, int.MaxValue));
                }

                return true;
            }
        }

        /// <summary>A marker that came on <see cref="MarkerTopic"/>: it is <see cref="Marker"/> now, and wakes who waits for it.</summary>
        private void TakeMarker(byte[] payload)
        {
            long marker = long.Parse(Encoding.ASCII.GetString(payload), CultureInfo.InvariantCulture);
            lock (_markerGate)
            {
                Interlocked.Exchange(ref _marker, marker);
                Monitor.PulseAll(_markerGate);
            }
        }

        /// <summary>Counts a message the receiver cannot take, with why.</summary>
        protected void CountMalformed(string topic, string why)
        {
            LastMalformed = $"{topic}: {why}";
            Interlocked.Increment(ref _malformed);
        }

        /// <summary>
        /// The options every receiver's client starts from: the broker, the protocol, the client id, and a keep-alive and
        /// a timeout of a minute (a receiver busy with a burst of messages must not be dropped for being slow to answer).
        /// The caller adds how its session is kept. With <paramref name="localSocket"/> the client connects through the
        /// broker's Unix domain socket instead of <paramref name="host"/> and <paramref name="port"/> (<see cref="ReceiverSocket.Endpoint"/>).
        /// </summary>
        protected MqttClientOptionsBuilder ClientOptions(string host, int port, string clientId, MqttProtocolVersion version, string localSocket = null) =>
            ReceiverSocket.Endpoint(Factory.CreateClientOptionsBuilder(), host, port, localSocket).WithProtocolVersion(version).WithClientId(clientId)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(60)).WithTimeout(TimeSpan.FromSeconds(60));

        /// <summary>
        /// Connects with <paramref name="options"/> on a receiver's socket (<see cref="ReceiverSocket"/>) and subscribes,
        /// to <see cref="MarkerTopic"/> (QoS 1) as well.
        /// A lost connection is resumed with the same options, never with a clean start (what the broker queued for the
        /// session meanwhile is the receiver's), and the same subscriptions. Throws (the receiver disposed) when the broker
        /// refuses the session or does not answer in time.
        /// </summary>
        protected void Open(MqttClientOptions options, MqttClientSubscribeOptions subscriptions, TimeSpan timeout)
        {
            subscriptions.TopicFilters.Add(new MqttTopicFilter { Topic = MarkerTopic, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce });
            try
            {
                using CancellationTokenSource limit = new CancellationTokenSource(timeout);
                MqttClientConnectResult connected = Client.ConnectAsync(ReceiverSocket.Widened(options), limit.Token).GetAwaiter().GetResult();
                if (connected.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new MqttCommunicationException($"the broker refused the session of {options.ClientId}: {Refusal(connected)}");
                }

                options.CleanSession = false;
                _resumeOptions = options;
                _subscriptions = subscriptions;
                Client.SubscribeAsync(subscriptions, limit.Token).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // The receiver is of no use to its caller, who never gets it: release what it opened.
                Dispose();
                throw;
            }
        }

        /// <summary>
        /// The topic filter <paramref name="filter"/>, through the MQTT 5 shared subscription of <paramref name="shareGroup"/>
        /// ($share/GROUP/...) when one is given: the instances of one group split its messages between them.
        /// </summary>
        protected static string Shared(string shareGroup, string filter) => shareGroup == null ? filter : $"$share/{shareGroup}/{filter}";

        /// <summary>
        /// Resumes the session until it is back, with its subscriptions, or the receiver is disposed. Any failure is tried
        /// again, and so is a session the broker refuses (one starting up or overloaded answers "server unavailable"): a
        /// receiver that stopped trying would leave the time line waiting at its next flush, one that tried at once would
        /// flood the broker with sessions. The pause doubles from 0.1 s up to five seconds; the last failure is kept for
        /// <see cref="Connection"/>.
        /// </summary>
        private async Task Reconnect()
        {
            int pause = 100;
            bool sessionPresent = true;
            while (!_stopping)
            {
                try
                {
                    if (!Client.IsConnected)
                    {
                        MqttClientConnectResult connected = await Client.ConnectAsync(_resumeOptions, CancellationToken.None).ConfigureAwait(false);
                        if (connected.ResultCode != MqttClientConnectResultCode.Success)
                        {
                            throw new MqttCommunicationException("the broker refused the session: " + Refusal(connected));
                        }

                        sessionPresent = connected.IsSessionPresent;
                    }

                    await Client.SubscribeAsync(Resubscription(sessionPresent), CancellationToken.None).ConfigureAwait(false);
                    return;
                }
                catch (Exception e)
                {
                    LastDisconnect = $"reconnect failed: {e.GetType().Name}: {e.Message}";
                }

                await Task.Delay(pause).ConfigureAwait(false);
                pause = Math.Min(pause * 2, 5000);
            }
        }

        /// <summary>
        /// The subscriptions made again on a resumed connection. A broker that kept the session kept them too, by the
        /// protocol; but mosquitto before 2.0.19 does not save shared subscriptions, so after its restart the session is
        /// back without them, and a receiver of a share group would hear nothing more. Subscribing again replaces a
        /// subscription that is there, and with a session present (MQTT 5) the broker is asked not to send the retained
        /// messages again; a session begun anew gets them, as a first subscription does.
        /// </summary>
        private MqttClientSubscribeOptions Resubscription(bool sessionPresent)
        {
            bool quiet = sessionPresent && _resumeOptions.ProtocolVersion == MqttProtocolVersion.V500;
            MqttClientSubscribeOptionsBuilder again = Factory.CreateSubscribeOptionsBuilder();
            foreach (MqttTopicFilter filter in _subscriptions.TopicFilters)
            {
                again = again.WithTopicFilter(filter.Topic, filter.QualityOfServiceLevel, filter.NoLocal, filter.RetainAsPublished,
                    quiet ? MqttRetainHandling.DoNotSendOnSubscribe : filter.RetainHandling);
            }

            return again.Build();
        }

        private static string Refusal(MqttClientConnectResult result) =>
            result.ResultCode + (string.IsNullOrEmpty(result.ReasonString) ? string.Empty : $" ({result.ReasonString})");

        /// <summary>Disconnects, leaving a persistent session at the broker (a rollout resumed later finds what came meanwhile).</summary>
        public void Dispose() => Close(false);

        /// <summary>
        /// Disconnects and ends the session at the broker (MQTT 5: a session expiry of 0 in the DISCONNECT): for a receiver
        /// that is done for good. A persistent session left behind has the broker keep every message of its subscriptions
        /// for it until it expires (a week for a rollout: at 1,000 devices, some 38,000 statuses a simulated day).
        /// </summary>
        public void DisposeEndingSession() => Close(true);

        private void Close(bool endSession)
        {
            _stopping = true;
            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                Client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
                if (endSession && _resumeOptions != null)
                {
                    // MQTTnet leaves a session expiry of 0 out of a DISCONNECT (it writes no property at its default
                    // value), so the session is ended as MQTT 3.1.1 ends one: a clean connect under the same client id
                    // discards it, and a clean session ends at its disconnect.
                    _resumeOptions.CleanSession = true;
                    _resumeOptions.SessionExpiryInterval = 0;
                    Client.ConnectAsync(_resumeOptions, timeout.Token).GetAwaiter().GetResult();
                    Client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
                }
            }
            catch (Exception)
            {
                // Best effort at shutdown: a receiver's state is in memory and already reported, or (a rollout's) in its
                // file, and the broker keeps a persistent session.
            }

            Client.Dispose();
            Release();
        }
    }
}
