using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Fleet.Monitoring
{
    /// <summary>
    /// The fleet's back end as a monitor: an MQTT 5 subscriber to every device's status, events and telemetry and to the
    /// fleet's registry and clock, computing the metrics of <see cref="FleetMetrics"/> from what arrives and nothing
    /// else. With a share group it subscribes through MQTT 5 shared subscriptions ($share/GROUP/...), so several
    /// instances split the messages between them.
    /// </summary>
    public sealed class FleetMonitor : FleetSubscriber
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, MonitoredDevice> _devices = new Dictionary<string, MonitoredDevice>(StringComparer.Ordinal);
        private readonly Dictionary<string, InventoryEntry> _registry = new Dictionary<string, InventoryEntry>(StringComparer.Ordinal);
        private readonly string _prefix;
        private readonly HashSet<(string Device, long Start)> _sessionsSeen = new HashSet<(string Device, long Start)>();
        private readonly SortedDictionary<string, long> _readingsPerDay = new SortedDictionary<string, long>(StringComparer.Ordinal);
        private long _clock = -1;
        private JsonNode _rollout;
        private long _messages;
        private long _lastMessageTicks = Environment.TickCount64;
        private TimeSpan _cpu;

        private FleetMonitor(string prefix)
            : base("fleet/monitor/" + Guid.NewGuid().ToString("N").Substring(0, 8))
        {
            _prefix = prefix;
        }

        protected override void Take(string topic, byte[] payload, bool retained)
        {
            Stopwatch cpu = Stopwatch.StartNew();
            try
            {
                Read(topic, payload);
            }
            finally
            {
                lock (_gate)
                {
                    _cpu += cpu.Elapsed;
                }
            }
        }

        /// <summary>
        /// Connects with MQTT 5 and subscribes; <paramref name="shareGroup"/> non-null subscribes through $share/GROUP/, and
        /// <paramref name="localSocket"/> non-null connects through the broker's Unix domain socket.
        /// </summary>
        public static FleetMonitor Start(string host, int port, string prefix, string shareGroup = null, string localSocket = null)
        {
            FleetMonitor monitor = new FleetMonitor(prefix);
            MqttClientSubscribeOptionsBuilder subscribe = monitor.Factory.CreateSubscribeOptionsBuilder();
            foreach (string filter in new[] { prefix + "/+/status", prefix + "/+/events", prefix + "/+/telemetry" })
            {
                subscribe = subscribe.WithTopicFilter(Shared(shareGroup, filter), MqttQualityOfServiceLevel.AtLeastOnce);
            }

            // Every instance needs the registry, the clock and the rollout: those are never shared.
            foreach (string filter in new[] { FleetTopics.Inventory, FleetTopics.Clock, FleetTopics.Rollout })
            {
                subscribe = subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
            }

            // A fresh session that outlives a lost connection by a day: the broker queues for the monitor until it is back.
            monitor.Open(monitor.ClientOptions(host, port, "fleet-monitor-" + Guid.NewGuid().ToString("N").Substring(0, 8), MqttProtocolVersion.V500, localSocket)
                .WithCleanStart(true).WithSessionExpiryInterval(86_400).Build(), subscribe.Build(), TimeSpan.FromSeconds(30));
            return monitor;
        }

        /// <summary>Messages taken so far.</summary>
        public long Messages => Interlocked.Read(ref _messages);

        /// <summary>Real time since the last message arrived.</summary>
        public TimeSpan Idle => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastMessageTicks));

        /// <summary>The monitor's time, Unix ms: the simulation's clock (fleet/clock) when it publishes one, else the wall clock.</summary>
        public long Now
        {
            get
            {
                long clock = Interlocked.Read(ref _clock);
                return clock >= 0 ? clock : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            }
        }

        /// <summary>What the monitor knows of one device, or null.</summary>
        public MonitoredDevice Device(string id)
        {
            lock (_gate)
            {
                return _devices.TryGetValue(id, out MonitoredDevice device) ? device : null;
            }
        }

        /// <summary>The metrics as of now.</summary>
        public FleetMetrics Metrics()
        {
            lock (_gate)
            {
                long now = Now;
                List<MonitoredDevice> heard = _devices.Values.Where(d => d.FirstHeard >= 0).ToList();
                long expectedBattery = 0, happenedBattery = 0, expectedMains = 0, happenedMains = 0;
                double health = 0;
                foreach (MonitoredDevice device in heard)
                {
                    (long expected, long happened) = DeviceUptime(device, now);
                    if (device.Mains)
                    {
                        expectedMains += expected;
                        happenedMains += happened;
                    }
                    else
                    {
                        expectedBattery += expected;
                        happenedBattery += happened;
                    }

                    health += Health(device, expected, happened);
                }

                Dictionary<string, SortedDictionary<string, int>> outcomes = new Dictionary<string, SortedDictionary<string, int>>();
                foreach ((string outcome, string version, string _) in heard.SelectMany(d => d.OtaOutcomes))
                {
                    if (!outcomes.TryGetValue(version ?? "?", out SortedDictionary<string, int> byOutcome))
                    {
                        outcomes[version ?? "?"] = byOutcome = new SortedDictionary<string, int>(StringComparer.Ordinal);
                    }

                    byOutcome[outcome] = byOutcome.GetValueOrDefault(outcome) + 1;
                }

                List<MonitoredDevice> battery = heard.Where(d => !d.Mains && d.BatteryPercent >= 0).ToList();
                return new FleetMetrics
                {
                    Now = now,
                    Registered = _registry.Count,
                    Unregistered = heard.Count(d => d.Registered == null),
                    Activated = heard.Count,
                    ActivationRate = _registry.Count == 0 ? 0 : (double)heard.Count(d => d.Registered != null) / _registry.Count,
                    ExpectedSessions = expectedBattery + expectedMains,
                    HappenedSessions = happenedBattery + happenedMains,
                    ConnectivityUptime = Ratio(happenedBattery + happenedMains, expectedBattery + expectedMains),
                    BatteryUptime = Ratio(happenedBattery, expectedBattery),
                    MainsUptime = Ratio(happenedMains, expectedMains),
                    MonthlyActiveDevices = heard.Count(d => d.LastHeard >= now - (30 * 24 * Uptime.Hour)),
                    HealthScore = heard.Count == 0 ? 0 : health / heard.Count,
                    ReadingsDelivered = heard.Sum(d => d.Readings.Values.Sum(s => s.Distinct)),
                    ReadingsDuplicated = heard.Sum(d => d.Readings.Values.Sum(s => s.Duplicates)),
                    ReadingsSampled = heard.Sum(Sampled),
                    ReadingsHeld = heard.Sum(d => d.Held),
                    ReadingsDropped = heard.Sum(d => d.Dropped),
                    UpdateSuccessRate = UpdateSuccess.Rate(heard.SelectMany(d => d.OtaOutcomes).Select(o => o.Outcome)),
                    Running = new SortedDictionary<string, int>(heard.Where(d => d.Firmware != null).GroupBy(d => d.Firmware).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
                    UpdateOutcomes = new SortedDictionary<string, SortedDictionary<string, int>>(outcomes, StringComparer.Ordinal),
                    UpdateOutcomesRepeated = heard.Sum(d => d.OtaOutcomesRepeated),
                    Backlog = Buckets(heard.Select(d => d.Backlog), new long[] { 0, 12, 100, 1000 }, "readings"),
                    Battery = Buckets(battery.Select(d => (long)d.BatteryPercent), new long[] { 9, 19, 29, 39, 49, 59, 69, 79, 89 }, "%"),
                    MeanBatteryPercent = battery.Count == 0 ? 0 : battery.Average(d => d.BatteryPercent),
                    ReadingsPerDay = new SortedDictionary<string, long>(_readingsPerDay, StringComparer.Ordinal),
                    SessionsPerDay = new SortedDictionary<string, long>(heard.SelectMany(d => d.SessionStarts).GroupBy(Day).ToDictionary(g => g.Key, g => (long)g.Count()), StringComparer.Ordinal),
                    Rollout = _rollout?.DeepClone(),
                    Messages = _messages,
                    Malformed = Malformed,
                    LastMalformed = LastMalformed,
                    LastDisconnect = LastDisconnect,
                    CpuMicrosecondsPerMessage = _messages == 0 ? 0 : _cpu.TotalMilliseconds * 1000 / _messages,
                };
            }
        }

        /// <summary>A device's expected and happened sessions up to now (<see cref="Uptime"/>).</summary>
        public static (long Expected, long Happened) DeviceUptime(MonitoredDevice device, long now)
        {
            if (device.Mains)
            {
                return Uptime.Slots(device.HoursHeard, Uptime.Hour, now);
            }

            return device.RadioIntervalSeconds > 0 ? Uptime.Slots(device.SessionStarts, device.RadioIntervalSeconds * 1000L, now) : (0, 0);
        }

        /// <summary>
        /// A device's health, 0 to 100: half its connectivity uptime, a quarter the share of its statuses without a current
        /// error, a quarter its battery (full marks from 30 % up, falling to none at empty; a mains device full marks).
        /// </summary>
        public static double Health(MonitoredDevice device, long expected, long happened)
        {
            double uptime = expected == 0 ? 0 : Math.Min(1, (double)happened / expected);
            double errors = device.Statuses == 0 ? 0 : 1 - ((double)device.StatusesWithCurrentError / device.Statuses);
            double battery = device.Mains ? 1 : device.BatteryPercent < 0 ? 0 : Math.Min(1, device.BatteryPercent / 30.0);
            return 100 * ((0.5 * uptime) + (0.25 * errors) + (0.25 * battery));
        }

        /// <summary>
        /// Readings a device has sampled as far as the monitor can tell: the log's next sequence less one at its last status,
        /// or the highest sequence received when that is later (a mains device's status comes when its session opens, and
        /// its readings after every sample: each reading received proves its sample).
        /// </summary>
        private static long Sampled(MonitoredDevice device)
        {
            long highest = device.Readings.Count == 0 ? 0 : device.Readings.Values.Max(s => s.Highest);
            return Math.Max(Math.Max(0, device.NextSequence - 1), highest);
        }

        private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

        private static string Day(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static SortedDictionary<string, int> Buckets(IEnumerable<long> values, long[] upper, string unit)
        {
            SortedDictionary<string, int> buckets = new SortedDictionary<string, int>(StringComparer.Ordinal);
            long from = 0;
            string[] names = new string[upper.Length + 1];
            for (int i = 0; i <= upper.Length; i++)
            {
                names[i] = $"{i:D2} " + (i == upper.Length ? $"{from}+ {unit}" : from == upper[i] ? $"{from} {unit}" : $"{from}-{upper[i]} {unit}");
                buckets[names[i]] = 0;
                from = i < upper.Length ? upper[i] + 1 : from;
            }

            foreach (long value in values)
            {
                int i = 0;
                while (i < upper.Length && value > upper[i])
                {
                    i++;
                }

                buckets[names[i]]++;
            }

            return buckets;
        }

        private void Read(string topic, byte[] payload)
        {
            Interlocked.Increment(ref _messages);
            Interlocked.Exchange(ref _lastMessageTicks, Environment.TickCount64);
            if (topic == FleetTopics.Clock)
            {
                using JsonDocument clock = JsonDocument.Parse(payload);
                Interlocked.Exchange(ref _clock, clock.RootElement.GetProperty("unixMs").GetInt64());
                return;
            }

            lock (_gate)
            {
                if (topic == FleetTopics.Inventory)
                {
                    foreach (InventoryEntry entry in JsonSerializer.Deserialize<List<InventoryEntry>>(payload, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }))
                    {
                        _registry[entry.Id] = entry;
                        Known(entry.Id).Registered = entry;
                    }

                    return;
                }

                if (topic == FleetTopics.Rollout)
                {
                    _rollout = payload.Length == 0 ? null : JsonNode.Parse(payload);
                    return;
                }

                // <prefix>/<device>/<kind>
                int slash = topic.LastIndexOf('/');
                if (slash <= _prefix.Length + 1 || !topic.StartsWith(_prefix + "/", StringComparison.Ordinal) || payload.Length == 0)
                {
                    return;
                }

                MonitoredDevice device = Known(topic.Substring(_prefix.Length + 1, slash - _prefix.Length - 1));
                long now = Now;
                device.FirstHeard = device.FirstHeard < 0 ? now : device.FirstHeard;
                device.LastHeard = now;
                device.HoursHeard.Add(now / Uptime.Hour * Uptime.Hour);
                switch (topic.Substring(slash + 1))
                {
                    case "status":
                        TakeStatus(device, payload);
                        break;
                    case "events":
                        TakeEvent(device, payload);
                        break;
                    case "telemetry":
                        TakeReadings(device, payload, now);
                        break;
                }
            }
        }

        private MonitoredDevice Known(string id)
        {
            if (!_devices.TryGetValue(id, out MonitoredDevice device))
            {
                _devices[id] = device = new MonitoredDevice { Id = id };
            }

            return device;
        }

        private void TakeStatus(MonitoredDevice device, byte[] payload)
        {
            using JsonDocument document = JsonDocument.Parse(payload);
            JsonElement status = document.RootElement;
            device.State = status.TryGetProperty("state", out JsonElement state) ? state.GetString() : null;
            if (status.TryGetProperty("fw", out JsonElement fw))
            {
                device.Firmware = fw.GetString();
            }

            device.Mains = status.TryGetProperty("mode", out JsonElement mode) && mode.GetString() == "mains";
            if (status.TryGetProperty("battery", out JsonElement battery) && battery.TryGetProperty("pct", out JsonElement pct))
            {
                device.BatteryPercent = pct.GetInt32();
            }

            if (status.TryGetProperty("log", out JsonElement log))
            {
                device.Held = log.GetProperty("held").GetInt64();
                device.Dropped = log.GetProperty("dropped").GetInt64();
                device.NextSequence = log.GetProperty("next").GetInt64();
            }

            if (status.TryGetProperty("radioInterval", out JsonElement interval))
            {
                device.RadioIntervalSeconds = interval.GetInt32();
            }

            if (device.State == "online" && status.TryGetProperty("log", out JsonElement before))
            {
                // The online status comes before the drain: what the device brought to this session.
                device.Backlog = before.GetProperty("held").GetInt64();
            }

            if (device.State == "online" || device.State == "sleeping")
            {
                device.Statuses++;
                if (status.TryGetProperty("lastError", out JsonElement error) && error.ValueKind == JsonValueKind.Object
                    && error.TryGetProperty("current", out JsonElement current) && current.GetBoolean())
                {
                    device.StatusesWithCurrentError++;
                }
            }

            if (device.State == "sleeping" && device.RadioIntervalSeconds > 0 && status.TryGetProperty("until", out JsonElement until))
            {
                // A battery session, timed by the device: it sleeps until its next session, one radio interval on.
                long start = (until.GetInt64() - device.RadioIntervalSeconds) * 1000;
                if (_sessionsSeen.Add((device.Id, start)))
                {
                    device.SessionStarts.Add(start);
                }
            }
        }

        /// <summary>
        /// An event: an OTA outcome is counted once per (device, outcomeId) and a refusal once per (device, refusalId), since
        /// the device publishes at least once (QoS 1) and an event whose acknowledgement was lost comes again at its next
        /// session. The two ids are counts apart (boot control's and the updater's), so each is kept apart. An event without
        /// an id (a deferral, an ignored announce, an announce too large to read, or firmware before the ids were published)
        /// is counted as it comes.
        /// </summary>
        private void TakeEvent(MonitoredDevice device, byte[] payload)
        {
            using JsonDocument document = JsonDocument.Parse(payload);
            JsonElement e = document.RootElement;
            if (!e.TryGetProperty("event", out JsonElement kind) || kind.GetString() != "ota" || !e.TryGetProperty("outcome", out JsonElement outcome))
            {
                return;
            }

            if (!FirstReport(device, e, "outcomeId", device.OtaOutcomeIds) || !FirstReport(device, e, "refusalId", device.OtaRefusalIds))
            {
                return;
            }

            device.OtaOutcomes.Add((outcome.GetString(), e.TryGetProperty("version", out JsonElement v) ? v.GetString() : null, e.TryGetProperty("reason", out JsonElement r) ? r.GetString() : null));
        }

        /// <summary>
        /// False when the event's id <paramref name="property"/> was counted for the device already (a repeat, counted as
        /// such) or is not a whole number from 0 (malformed); true when it has none or a new one, now remembered.
        /// </summary>
        private bool FirstReport(MonitoredDevice device, JsonElement e, string property, HashSet<long> counted)
        {
            if (!e.TryGetProperty(property, out JsonElement id))
            {
                return true;
            }

            if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out long value) || value < 0)
            {
                CountMalformed($"{_prefix}/{device.Id}/events", $"an OTA event whose {property} is not a whole number from 0: {id.GetRawText()}");
                return false;
            }

            if (!counted.Add(value))
            {
                device.OtaOutcomesRepeated++;
                return false;
            }

            return true;
        }

        private void TakeReadings(MonitoredDevice device, byte[] payload, long now)
        {
            List<long> sequences = new List<long>(16);
            if (!TelemetryObserver.TryReadPack(payload, out long epoch, sequences))
            {
                CountMalformed($"{_prefix}/{device.Id}/telemetry", "not a SenML pack of readings");
                return;
            }

            if (!device.Readings.TryGetValue(epoch, out SequenceSet set))
            {
                device.Readings[epoch] = set = new SequenceSet();
            }

            long fresh = sequences.Count(set.Add);
            string day = Day(now);
            _readingsPerDay[day] = _readingsPerDay.GetValueOrDefault(day) + fresh;
        }
    }
}
