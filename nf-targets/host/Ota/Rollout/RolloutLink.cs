using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using Firmware.Host.Fleet;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>
    /// The rollout's MQTT 5 client: a fleet receiver (<see cref="FleetSubscriber"/>: its socket, the lost connection
    /// resumed) with a persistent session (its client id is kept in the state file, so a resumed rollout gets what the
    /// broker queued meanwhile) subscribed to the devices' status and events, through a shared subscription when a group
    /// is given, and to the registry and the fleet's clock (never shared). Messages wait in a queue, stamped with the
    /// rollout's clock and their retain flag, until the driver takes them; publishes are QoS 1 and wait for the broker's
    /// acknowledgement.
    /// </summary>
    public sealed class RolloutLink : FleetSubscriber
    {
        private readonly ConcurrentQueue<RolloutMessage> _messages = new ConcurrentQueue<RolloutMessage>();
        private readonly Func<long> _now;
        private long _clock = -1;

        private RolloutLink(string clientId, Func<long> now)
            : base("fleet/rollout-marker/" + clientId)
        {
            _now = now ?? (() => Clock >= 0 ? Clock : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        /// <summary>
        /// Connects as <paramref name="clientId"/> and subscribes. <paramref name="now"/> is the rollout's clock (Unix ms);
        /// null for the fleet's clock (fleet/clock) once it is heard, else the wall clock. <paramref name="localSocket"/> non-null
        /// connects through the broker's Unix domain socket.
        /// </summary>
        public static RolloutLink Connect(string host, int port, string prefix, string clientId, string shareGroup, Func<long> now, TimeSpan timeout, string localSocket = null)
        {
            RolloutLink link = new RolloutLink(clientId, now);
            // A session kept for a week: a rollout stopped and resumed within it gets what the devices said meanwhile.
            link.Open(link.ClientOptions(host, port, clientId, MqttProtocolVersion.V500, localSocket).WithCleanStart(false).WithSessionExpiryInterval(7 * 86_400).Build(),
                link.Factory.CreateSubscribeOptionsBuilder()
                    .WithTopicFilter(Shared(shareGroup, prefix + "/+/status"), MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(Shared(shareGroup, prefix + "/+/events"), MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(FleetTopics.Inventory, MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(FleetTopics.Clock, MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout);
            return link;
        }

        /// <summary>The fleet's clock (fleet/clock) as last heard, Unix ms; -1 when none was heard.</summary>
        public long Clock => Interlocked.Read(ref _clock);

        /// <summary>The rollout's clock: the one given, else the fleet's once heard, else the wall clock.</summary>
        public long Now => _now();

        /// <summary>
        /// Waits until every message the broker had for the rollout when this was called has arrived (a marker published
        /// on a topic of its own comes back after them); false when it did not within <paramref name="timeout"/>.
        /// </summary>
        public bool Flush(TimeSpan timeout) =>
            FlushThrough((topic, payload) => Publish(new[] { new RolloutPublication(topic, payload, false) }, timeout), timeout);

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

        /// <summary>
        /// Publishes with QoS 1 and waits for each acknowledgement. While a lost connection is being resumed a publish
        /// waits for it, and one the loss cut off is made again once it is back (QoS 1 delivers at least once anyway, and
        /// the rollout's publishes are retained states and markers, harmless twice): a broker restart costs the rollout a
        /// pause, not its run. Throws when <paramref name="timeout"/> passes first.
        /// </summary>
        public void Publish(IEnumerable<RolloutPublication> publications, TimeSpan timeout)
        {
            using CancellationTokenSource limit = new CancellationTokenSource(timeout);
            foreach (RolloutPublication publication in publications)
            {
                MqttApplicationMessage message = new MqttApplicationMessageBuilder().WithTopic(publication.Topic).WithPayload(publication.Payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(publication.Retain).Build();
                MqttClientPublishResult result = null;
                while (result == null)
                {
                    while (!Client.IsConnected)
                    {
                        if (limit.Token.WaitHandle.WaitOne(10))
                        {
                            throw new TimeoutException($"the rollout could not publish on {publication.Topic}: its connection was not back within {timeout.TotalSeconds:0} s ({Connection})");
                        }
                    }

                    int lost = Disconnections;
                    try
                    {
                        result = Client.PublishAsync(message, limit.Token).GetAwaiter().GetResult();
                    }
                    catch (MqttCommunicationException) when ((!Client.IsConnected || Disconnections != lost) && !limit.IsCancellationRequested)
                    {
                        // The connection was lost under the publish: made again once it is back.
                    }
                }

                if (!result.IsSuccess)
                {
                    throw new InvalidOperationException($"the broker did not take the publish on {publication.Topic}: {result.ReasonCode} {result.ReasonString}");
                }
            }
        }

        /// <summary>The fleet's clock is the link's own; every other message waits for the driver.</summary>
        protected override void Take(string topic, byte[] payload, bool retained)
        {
            if (topic == FleetTopics.Clock)
            {
                using JsonDocument clock = JsonDocument.Parse(payload);
                Interlocked.Exchange(ref _clock, clock.RootElement.GetProperty("unixMs").GetInt64());
                return;
            }

            _messages.Enqueue(new RolloutMessage(topic, payload, retained, _now()));
        }
    }
}
