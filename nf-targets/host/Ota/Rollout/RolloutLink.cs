using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Fleet;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>
    /// The rollout's MQTT 5 client: a persistent session (its client id is kept in the state file, so a resumed rollout
    /// gets what the broker queued meanwhile) subscribed to the devices' status and events, through a shared subscription
    /// when a group is given, and to the registry and the fleet's clock (never shared). Messages wait in a queue, stamped
    /// with the rollout's clock, until the driver takes them; publishes are QoS 1 and wait for the broker's acknowledgement.
    /// </summary>
    public sealed class RolloutLink : IDisposable
    {
        private readonly MqttClientFactory _factory = new MqttClientFactory();
        private readonly IMqttClient _client;
        private readonly ConcurrentQueue<RolloutMessage> _messages = new ConcurrentQueue<RolloutMessage>();
        private readonly string _markerTopic;
        private readonly Func<long> _now;
        private MqttClientOptions _options;
        private volatile bool _stopping;
        private long _marker;
        private long _markerSent;
        private long _clock = -1;

        private RolloutLink(string clientId, Func<long> now)
        {
            _markerTopic = "fleet/rollout-marker/" + clientId;
            _now = now ?? (() => Clock >= 0 ? Clock : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            _client = _factory.CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += e =>
            {
                Take(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain);
                return Task.CompletedTask;
            };
            _client.DisconnectedAsync += e =>
            {
                if (e.ClientWasConnected && !_stopping)
                {
                    LastDisconnect = $"{e.Reason}{(e.Exception != null ? ": " + e.Exception.Message : string.Empty)}";
                    _ = Task.Run(Reconnect);
                }

                return Task.CompletedTask;
            };
        }

        /// <summary>
        /// Connects as <paramref name="clientId"/> and subscribes. <paramref name="now"/> is the rollout's clock (Unix ms);
        /// null for the fleet's clock (fleet/clock) once it is heard, else the wall clock.
        /// </summary>
        public static RolloutLink Connect(string host, int port, string prefix, string clientId, string shareGroup, Func<long> now, TimeSpan timeout)
        {
            RolloutLink link = new RolloutLink(clientId, now);
            using CancellationTokenSource limit = new CancellationTokenSource(timeout);
            link._options = ReceiverSocket.Widened(link._factory.CreateClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId(clientId).WithCleanStart(false).WithSessionExpiryInterval(7 * 86_400)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(60)).WithTimeout(TimeSpan.FromSeconds(60)).Build());
            link._client.ConnectAsync(link._options, limit.Token).GetAwaiter().GetResult();
            string share = shareGroup == null ? string.Empty : $"$share/{shareGroup}/";
            link._client.SubscribeAsync(link._factory.CreateSubscribeOptionsBuilder()
                .WithTopicFilter(share + prefix + "/+/status", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(share + prefix + "/+/events", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(FleetTopics.Inventory, MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(FleetTopics.Clock, MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(link._markerTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), limit.Token).GetAwaiter().GetResult();
            return link;
        }

        /// <summary>The fleet's clock (fleet/clock) as last heard, Unix ms; -1 when none was heard.</summary>
        public long Clock => Interlocked.Read(ref _clock);

        /// <summary>The rollout's clock: the one given, else the fleet's once heard, else the wall clock.</summary>
        public long Now => _now();

        /// <summary>Why the connection was last lost, or null.</summary>
        public string LastDisconnect { get; private set; }

        /// <summary>Messages that could not be read, and the last one with why.</summary>
        public long Malformed => Interlocked.Read(ref _malformed);

        private long _malformed;

        public string LastMalformed { get; private set; }

        /// <summary>
        /// Waits until every message the broker had for the rollout when this was called has arrived (a marker published
        /// on a topic of its own comes back after them); false when it did not within <paramref name="timeout"/>.
        /// </summary>
        public bool Flush(TimeSpan timeout)
        {
            long marker = Interlocked.Increment(ref _markerSent);
            Publish(new[] { new RolloutPublication(_markerTopic, Encoding.ASCII.GetBytes(marker.ToString(CultureInfo.InvariantCulture)), false) }, timeout);
            DateTime until = DateTime.UtcNow + timeout;
            while (Interlocked.Read(ref _marker) < marker)
            {
                if (DateTime.UtcNow >= until)
                {
                    return false;
                }

                Thread.Sleep(1);
            }

            return true;
        }

        /// <summary>The messages that arrived since the last call, in order.</summary>
        public List<RolloutMessage> Drain()
        {
            List<RolloutMessage> taken = new List<RolloutMessage>();
            while (_messages.TryDequeue(out RolloutMessage message))
            {
                taken.Add(message);
            }

            return taken;
        }

        /// <summary>Publishes with QoS 1 and waits for each acknowledgement.</summary>
        public void Publish(IEnumerable<RolloutPublication> publications, TimeSpan timeout)
        {
            using CancellationTokenSource limit = new CancellationTokenSource(timeout);
            foreach (RolloutPublication publication in publications)
            {
                MqttClientPublishResult result = _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(publication.Topic).WithPayload(publication.Payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(publication.Retain).Build(), limit.Token).GetAwaiter().GetResult();
                if (!result.IsSuccess)
                {
                    throw new InvalidOperationException($"the broker did not take the publish on {publication.Topic}: {result.ReasonCode} {result.ReasonString}");
                }
            }
        }

        public void Dispose()
        {
            _stopping = true;
            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Best effort at shutdown: the rollout's state is in its file, and the broker keeps its session.
            }

            _client.Dispose();
        }

        private void Take(string topic, byte[] payload, bool retained)
        {
            // Every message is acknowledged, even one that cannot be read: an unacknowledged one holds a slot of the
            // few the broker lets be in flight.
            try
            {
                if (topic == _markerTopic)
                {
                    Interlocked.Exchange(ref _marker, long.Parse(Encoding.ASCII.GetString(payload), CultureInfo.InvariantCulture));
                    return;
                }

                if (topic == FleetTopics.Clock)
                {
                    using JsonDocument clock = JsonDocument.Parse(payload);
                    Interlocked.Exchange(ref _clock, clock.RootElement.GetProperty("unixMs").GetInt64());
                    return;
                }

                _messages.Enqueue(new RolloutMessage(topic, payload, retained, _now()));
            }
            catch (Exception e) when (e is JsonException || e is FormatException || e is KeyNotFoundException || e is InvalidOperationException || e is OverflowException)
            {
                Interlocked.Increment(ref _malformed);
                LastMalformed = $"{topic}: {e.Message}";
            }
        }

        private async Task Reconnect()
        {
            while (!_stopping && !_client.IsConnected)
            {
                try
                {
                    await _client.ConnectAsync(_options, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException || e is OperationCanceledException || e is InvalidOperationException)
                {
                    await Task.Delay(100).ConfigureAwait(false);
                }
            }
        }
    }
}
