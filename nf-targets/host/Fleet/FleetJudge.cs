using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// The fleet's independent receiver: one subscriber with a persistent session and a QoS 1 subscription to every
    /// device's telemetry (a lost connection is counted and resumed: the broker kept the messages meanwhile), keeping each reading under the key a receiver uses (device, log epoch, sequence number) and
    /// counting duplicates. What it holds at the end is what the broker delivered, to be set against the simulator's
    /// ground truth. It also publishes the fleet's own retained topics (the simulated clock, the inventory), and reads the
    /// broker's message counters where the broker publishes them ($SYS).
    /// </summary>
    public sealed class FleetJudge : FleetSubscriber
    {
        private readonly IMqttClient _publisher;
        private readonly object _gate = new object();
        private readonly Dictionary<string, Dictionary<long, SequenceSet>> _readings = new Dictionary<string, Dictionary<long, SequenceSet>>(StringComparer.Ordinal);
        private readonly string _prefix;

        private FleetJudge(string prefix, string clientId)
            : base("fleet/judge/" + clientId)
        {
            _prefix = prefix;
            ClientId = clientId;
            _publisher = Factory.CreateMqttClient();
        }

        public string ClientId { get; }

        /// <summary>Telemetry messages received.</summary>
        public long Messages { get; private set; }

        /// <summary>Telemetry payload bytes received.</summary>
        public long Bytes { get; private set; }

        /// <summary>A judge on the broker at <paramref name="host"/> and <paramref name="port"/>, or through its Unix domain socket <paramref name="localSocket"/>.</summary>
        public static FleetJudge Start(string host, int port, string prefix, string localSocket = null)
        {
            FleetJudge judge = new FleetJudge(prefix, "fleet-judge-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            TimeSpan timeout = TimeSpan.FromSeconds(10);
            using CancellationTokenSource limit = new CancellationTokenSource(timeout);
            judge._publisherOptions = judge.ClientOptions(host, port, judge.ClientId + "-publisher", MqttProtocolVersion.V311, localSocket).WithCleanSession(true).Build();
            judge._publisher.ConnectAsync(judge._publisherOptions, limit.Token).GetAwaiter().GetResult();
            // A persistent session: if the connection is lost the broker keeps queueing for the judge until it is back.
            judge.Open(judge.ClientOptions(host, port, judge.ClientId, MqttProtocolVersion.V311, localSocket).WithCleanSession(false).Build(), judge.Factory.CreateSubscribeOptionsBuilder()
                .WithTopicFilter(prefix + "/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter("$SYS/broker/messages/+", MqttQualityOfServiceLevel.AtMostOnce).Build(), timeout);
            return judge;
        }

        /// <summary>How long <see cref="Publish"/> waits for a broker that went away to come back.</summary>
        public static readonly TimeSpan BrokerReturnLimit = TimeSpan.FromMinutes(2);

        private MqttClientOptions _publisherOptions;

        /// <summary>
        /// Publishes with QoS 1 and waits for the broker's acknowledgement, from a connection of its own: the receiving one
        /// may have many messages queued before an acknowledgement for it. A broker that went away is waited for, the
        /// connection opened again with a pause doubling from 0.1 s to 5 s, up to <see cref="BrokerReturnLimit"/>; then
        /// it throws with the broker's last error.
        /// </summary>
        public void Publish(string topic, byte[] payload, bool retain)
        {
            long deadline = Environment.TickCount64 + (long)BrokerReturnLimit.TotalMilliseconds;
            int pause = 100;
            while (true)
            {
                try
                {
                    using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                    if (!_publisher.IsConnected)
                    {
                        _publisher.ConnectAsync(_publisherOptions, timeout.Token).GetAwaiter().GetResult();
                    }

                    _publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(), timeout.Token).GetAwaiter().GetResult();
                    return;
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException || e is OperationCanceledException)
                {
                    if (Environment.TickCount64 >= deadline)
                    {
                        throw new InvalidOperationException($"the judge could not publish on {topic} ({payload.Length} bytes) for {BrokerReturnLimit.TotalSeconds:0} s: "
                            + $"{e.Message}; last disconnect of its receiver: {LastDisconnect ?? "none"}", e);
                    }

                    Thread.Sleep(pause);
                    pause = Math.Min(pause * 2, 5000);
                }
            }
        }

        /// <summary>
        /// Waits until everything the broker took before now has reached the judge and <paramref name="others"/>: a marker
        /// published now comes after it (mosquitto delivers to each subscriber in the order it accepted the messages).
        /// The fleet calls it between windows, so the time line never runs far ahead of its receivers and the broker's
        /// queue for them stays short. False when a marker did not come in time.
        /// </summary>
        public bool Flush(TimeSpan timeout, params Monitoring.FleetMonitor[] others) =>
            FlushThrough((topic, payload) => Publish(topic, payload, false), timeout, others);

        /// <summary>Why a flush did not complete: which receiver missed its marker, and how its connection stands.</summary>
        public string FlushProblem(params Monitoring.FleetMonitor[] others)
        {
            long marker = MarkerSent;
            string judge = Marker >= marker ? "the judge caught up" : $"the judge did not ({Connection})";
            string monitors = string.Join("; ", others.Where(o => o != null).Select(o => o.Marker >= marker ? "the monitor caught up" : $"the monitor did not ({o.Connection})"));
            return judge + (monitors.Length > 0 ? "; " + monitors : string.Empty);
        }

        private readonly Dictionary<string, long> _brokerCounters = new Dictionary<string, long>(StringComparer.Ordinal);

        /// <summary>The broker's own count of messages "received" or "sent" (mosquitto's $SYS/broker/messages/...), or null when it gives none.</summary>
        public long? BrokerCounter(string name)
        {
            lock (_gate)
            {
                return _brokerCounters.TryGetValue(name, out long count) ? count : null;
            }
        }

        /// <summary>Devices that delivered readings, and per device its epochs' sequence sets.</summary>
        public IReadOnlyDictionary<long, SequenceSet> ReadingsOf(string deviceId)
        {
            lock (_gate)
            {
                return _readings.TryGetValue(deviceId, out Dictionary<long, SequenceSet> epochs) ? new Dictionary<long, SequenceSet>(epochs) : new Dictionary<long, SequenceSet>();
            }
        }

        protected override void Release() => _publisher.Dispose();

        protected override void Take(string topic, byte[] payload, bool retained)
        {
            if (topic.StartsWith("$SYS/", StringComparison.Ordinal))
            {
                if (long.TryParse(Encoding.ASCII.GetString(payload), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long count))
                {
                    lock (_gate)
                    {
                        _brokerCounters[topic.Substring(topic.LastIndexOf('/') + 1)] = count;
                    }
                }

                return;
            }

            // <prefix>/<device>/telemetry
            string device = topic.Substring(_prefix.Length + 1, topic.Length - _prefix.Length - 1 - "/telemetry".Length);
            List<long> sequences = new List<long>(16);
            bool pack = TelemetryObserver.TryReadPack(payload, out long epoch, sequences);
            lock (_gate)
            {
                Messages++;
                Bytes += payload.Length;
                if (!pack)
                {
                    CountMalformed(topic, "not a SenML pack of readings");
                    return;
                }

                if (!_readings.TryGetValue(device, out Dictionary<long, SequenceSet> epochs))
                {
                    epochs = new Dictionary<long, SequenceSet>();
                    _readings.Add(device, epochs);
                }

                if (!epochs.TryGetValue(epoch, out SequenceSet set))
                {
                    set = new SequenceSet();
                    epochs.Add(epoch, set);
                }

                foreach (long sequence in sequences)
                {
                    set.Add(sequence);
                }
            }
        }
    }
}
