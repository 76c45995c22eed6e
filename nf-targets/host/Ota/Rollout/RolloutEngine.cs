using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Firmware.Host.Fleet;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>
    /// A staged rollout of one release over the devices' own announce mechanism, as plain state: it takes what the broker
    /// delivers (<see cref="Observe"/>: the devices' status and events, the registry) and the time (<see cref="Step"/>),
    /// and answers with what to publish (announces retained on &lt;prefix&gt;/&lt;device&gt;/ota, withdrawals, its
    /// progress on fleet/rollout). It has no thread and no clock of its own, so the same code runs on a fleet's simulated
    /// time line and against a real broker on the wall clock.
    /// <list type="bullet">
    /// <item>Waves: cumulative shares of the devices heard from, in an order drawn from the plan's seed; the first wave,
    /// the canary, also holds a device of every hardware profile the registry knows. While a profile's canary devices
    /// all sleep through a soak, another device of that profile joins the canary (one per soak, for two soaks), and the
    /// canary waits up to three soaks for an outcome of every profile it holds.</item>
    /// <item>Each targeted device is pending (announced, no session since), had a session, updated (its updated event,
    /// or a status with the release off trial) or failed (rolled back, rejected, or no outcome within the confirm
    /// timeout of its first session since the announce). A device that sleeps through its wave's soak is expired: listed,
    /// not failed, its announce kept and its late outcome still counted. A wave's soak lasts until every device of it
    /// that had its session has an outcome. A device whose connection is lost (the broker publishes its will) before an
    /// outcome, and before it accepted the release, is pending again until its next session.</item>
    /// <item>A wave whose failed devices over its decided ones pass the threshold halts the rollout: no further wave,
    /// and the announces of the devices that did not take the release are withdrawn.</item>
    /// </list>
    /// </summary>
    public sealed class RolloutEngine
    {
        private const long Day = 86_400_000;

        /// <summary>The canary waits at most this many soaks for an outcome of every profile it holds, and is reinforced within them.</summary>
        private const int CanarySoaks = 3;
        private bool _unpublished = true;

        public RolloutEngine(RolloutState state)
        {
            State = state ?? throw new ArgumentNullException(nameof(state));
        }

        public RolloutState State { get; }

        /// <summary>True when the state changed since <see cref="TakeChanged"/> was last called (the driver then saves it).</summary>
        public bool Changed { get; private set; }

        /// <summary>A new rollout; its first wave goes out at the first <see cref="Step"/>, once the broker's retained messages were observed.</summary>
        public static RolloutEngine Start(RolloutPlan plan, RolloutRelease release, string prefix, string clientId, long now)
        {
            string problem = plan.Check();
            if (problem != null)
            {
                throw new ArgumentException(problem, nameof(plan));
            }

            return new RolloutEngine(new RolloutState { Plan = plan, Release = release, Prefix = prefix, ClientId = clientId, StartedAt = now, PhaseAt = now }) { Changed = true };
        }

        public bool TakeChanged()
        {
            bool changed = Changed;
            Changed = false;
            return changed;
        }

        /// <summary>Takes one message from the broker: the registry, a device's status or event.</summary>
        public void Observe(RolloutMessage message)
        {
            if (message.Topic == FleetTopics.Inventory)
            {
                TakeRegistry(message.Payload);
                return;
            }

            string prefix = State.Prefix + "/";
            int slash = message.Topic.LastIndexOf('/');
            if (!message.Topic.StartsWith(prefix, StringComparison.Ordinal) || slash <= prefix.Length || message.Payload.Length == 0)
            {
                return;
            }

            string id = message.Topic.Substring(prefix.Length, slash - prefix.Length);
            string kind = message.Topic.Substring(slash + 1);
            if (kind != "status" && kind != "events")
            {
                return;
            }

            using JsonDocument document = JsonDocument.Parse(message.Payload);
            JsonElement root = document.RootElement;
            if (!State.Heard.TryGetValue(id, out HeardDevice heard))
            {
                State.Heard[id] = heard = new HeardDevice();
            }

            // The last will ("offline", published by the broker when a connection is lost) is no session of the device.
            bool own = !message.Retained && !(kind == "status" && Text(root, "state") == "offline");
            if (own)
            {
                heard.LastHeard = message.At;
            }
            else if (kind == "status" && message.Retained && heard.LastHeard < 0)
            {
                heard.LastHeard = RetainedSession(root, message.At);
            }

            Changed = true;
            State.Devices.TryGetValue(id, out DeviceRollout device);
            if (device != null && own && device.State == DeviceState.Pending && message.At >= device.AnnouncedAt)
            {
                device.State = DeviceState.Session;
                device.SessionAt = message.At;
            }
            else if (device != null && own && device.State == DeviceState.Session && device.LostAt >= 0)
            {
                // Back after its connection was lost: its confirm timeout counts again, from this session.
                device.LostAt = -1;
                device.SessionAt = message.At;
            }
            else if (device != null && !own && !message.Retained && device.State == DeviceState.Session && !device.Accepted)
            {
                // Its connection was lost (the broker's will) before it took the release: whether the announce reached it
                // is not known (a thermostat whose network went for days as it went out), so it waits for its next
                // session as a sleeper does, its announce kept; the confirm timeout counts from that session.
                device.State = DeviceState.Pending;
            }
            else if (device != null && !own && !message.Retained && device.State == DeviceState.Session)
            {
                // One that accepted it loses its connection when it reboots into the trial, and back on the network it
                // confirms or reports its rollback; but its network may also go for days before that. It stays in its
                // session, and its confirm timeout waits until it is heard again: a device cannot confirm off the network.
                device.LostAt = message.At;
            }

            if (kind == "status")
            {
                string fw = Text(root, "fw");
                heard.Firmware = fw ?? heard.Firmware;
                heard.Status = Text(root, "state") ?? heard.Status;
                bool trial = root.TryGetProperty("ota", out JsonElement ota) && ota.ValueKind == JsonValueKind.Object && Text(ota, "state") == "trial";
                if (device != null && fw == State.Release.Version && !trial)
                {
                    Decide(device, DeviceState.Updated, null, message.At);
                }

                if (device?.Rollback == "announced" && fw == State.Previous?.Version && !trial)
                {
                    device.Rollback = "done";
                }

                return;
            }

            if (Text(root, "event") != "ota" || device == null)
            {
                return;
            }

            string outcome = Text(root, "outcome");
            string version = Text(root, "version");
            string reason = Text(root, "reason");
            if (version == State.Release.Version)
            {
                switch (outcome)
                {
                    case "accepted":
                        device.Accepted = true;
                        Changed = true;
                        break;
                    case "updated":
                        Decide(device, DeviceState.Updated, null, message.At);
                        break;
                    case "rolled-back":
                    case "rejected":
                        Decide(device, DeviceState.Failed, outcome + (reason != null ? ": " + reason : string.Empty), message.At);
                        break;
                }
            }
            else if (outcome == "updated" && device.Rollback == "announced" && version == State.Previous?.Version)
            {
                device.Rollback = "done";
            }
        }

        /// <summary>Moves the rollout on to <paramref name="now"/> (Unix ms): timeouts, the halt, the next wave; returns what to publish.</summary>
        public IReadOnlyList<RolloutPublication> Step(long now)
        {
            List<RolloutPublication> publish = new List<RolloutPublication>();
            foreach (DeviceRollout device in State.Devices.Values)
            {
                if (device.State == DeviceState.Session && device.LostAt < 0 && now - device.SessionAt >= State.Plan.ConfirmTimeoutMilliseconds)
                {
                    Decide(device, DeviceState.Failed, "not-confirmed-in-time", now);
                }
            }

            if (State.Phase == RolloutPhase.Running)
            {
                string halt = HaltReason();
                if (halt != null)
                {
                    Stop(RolloutPhase.Halted, halt, now, publish);
                }
                else if (State.WaveStarts.Count == 0)
                {
                    BeginWave(0, now, publish);
                }
                else
                {
                    int wave = State.WaveStarts.Count - 1;
                    if (wave == State.Plan.Waves.Count - 1)
                    {
                        // The last wave takes every device heard from, those first heard during the rollout too.
                        Announce(wave, Order().Where(id => !State.Devices.ContainsKey(id)), now, publish);
                    }

                    if (wave == 0)
                    {
                        ReinforceCanary(now, publish);
                    }

                    // The soak ends no sooner than every device of the wave that took its session since the announce has
                    // an outcome (at the latest its confirm timeout decides it): a rollback reported late, by a device
                    // whose sessions were held back, still halts the wave it belongs to instead of one after it.
                    if (now >= State.WaveStarts[wave] + State.Plan.SoakMilliseconds
                        && !State.Devices.Values.Any(d => d.Wave == wave && d.State == DeviceState.Session && !IsLost(d, now))
                        && !CanaryWaitsForAProfile(wave, now))
                    {
                        foreach (DeviceRollout device in State.Devices.Values.Where(d => d.Wave == wave && d.State == DeviceState.Pending && !d.Expired))
                        {
                            device.Expired = true;
                            Changed = true;
                        }

                        if (wave + 1 < State.Plan.Waves.Count)
                        {
                            BeginWave(wave + 1, now, publish);
                        }
                        else
                        {
                            SetPhase(RolloutPhase.Complete, null, now);
                        }
                    }
                }
            }
            else if (State.Phase == RolloutPhase.Complete)
            {
                // A complete rollout still takes a device first heard after its last wave began: the release is for every device.
                Announce(State.Plan.Waves.Count - 1, Order().Where(id => !State.Devices.ContainsKey(id)), now, publish);
            }
            else if (State.Phase == RolloutPhase.RollingBack && State.Devices.Values.All(d => d.Rollback != "announced"))
            {
                SetPhase(RolloutPhase.RolledBack, State.Reason, now);
            }

            if (Changed || _unpublished)
            {
                Changed = true;
                _unpublished = false;
                publish.Add(new RolloutPublication(FleetTopics.Rollout, JsonSerializer.SerializeToUtf8Bytes(Progress(now), RolloutProgress.Json), true));
            }

            return publish;
        }

        /// <summary>
        /// True while the canary holds a hardware profile none of whose devices has an outcome yet (its device slept through
        /// the soak), for up to three soaks: the canary is there to try every profile, and a defect of one board is missed
        /// when the waves go on without it.
        /// </summary>
        private bool CanaryWaitsForAProfile(int wave, long now)
        {
            if (wave != 0 || State.Plan.Waves.Count == 1 || now >= State.WaveStarts[0] + (CanarySoaks * State.Plan.SoakMilliseconds))
            {
                return false;
            }

            List<DeviceRollout> canary = State.Devices.Values.Where(d => d.Wave == 0).ToList();
            return canary.Select(d => d.Profile).Distinct()
                .Any(profile => !canary.Any(d => d.Profile == profile && (d.State == DeviceState.Updated || d.State == DeviceState.Failed)));
        }

        /// <summary>
        /// Lost: its connection went after it accepted the release, and it has not been heard for a confirm timeout since.
        /// It no longer holds its wave's soak; it is listed, and its outcome still counts when it comes back.
        /// </summary>
        private bool IsLost(DeviceRollout device, long now) =>
            device.State == DeviceState.Session && device.LostAt >= 0 && now - device.LostAt >= State.Plan.ConfirmTimeoutMilliseconds;

        /// <summary>
        /// After each of the canary's first two soaks, a hardware profile whose canary devices all slept through it (none
        /// took its session) is joined by one more device of that profile: the one heard last, and since the canary began
        /// (it is awake and reachable). A device that is offline for days would otherwise leave its board untried for the
        /// canary's three soaks and the next wave go out without it; one device per profile and soak keeps the canary
        /// small.
        /// </summary>
        private void ReinforceCanary(long now, List<RolloutPublication> publish)
        {
            long start = State.WaveStarts[0];
            long soaks = (now - start) / State.Plan.SoakMilliseconds;
            if (State.Plan.Waves.Count == 1 || soaks < 1 || soaks >= CanarySoaks)
            {
                return;
            }

            List<string> joining = new List<string>();
            foreach (IGrouping<string, DeviceRollout> profile in State.Devices.Values.Where(d => d.Wave == 0).GroupBy(d => d.Profile).ToList())
            {
                if (profile.Any(d => d.State != DeviceState.Pending) || profile.Count(d => d.AnnouncedAt > start) >= soaks)
                {
                    continue;
                }

                string substitute = Order()
                    .Where(id => !State.Devices.ContainsKey(id) && ProfileOf(id) == profile.Key && State.Heard[id].LastHeard > start)
                    .OrderByDescending(id => State.Heard[id].LastHeard)
                    .FirstOrDefault();
                if (substitute != null)
                {
                    joining.Add(substitute);
                }
            }

            if (joining.Count > 0)
            {
                Announce(0, joining, now, publish);
            }
        }

        /// <summary>The operator stops the rollout: no further wave, the announces not taken withdrawn.</summary>
        public IReadOnlyList<RolloutPublication> Abort(long now, string reason)
        {
            if (State.Phase == RolloutPhase.RollingBack || State.Phase == RolloutPhase.RolledBack)
            {
                throw new InvalidOperationException($"the rollout is {State.Phase}: there is nothing left to abort");
            }

            List<RolloutPublication> publish = new List<RolloutPublication>();
            Stop(RolloutPhase.Aborted, reason ?? "aborted by the operator", now, publish);
            _unpublished = true;
            publish.AddRange(Step(now));
            return publish;
        }

        /// <summary>
        /// Fleet rollback: stops the rollout and announces <paramref name="previous"/> (a signed manifest of the older
        /// release) to every targeted device that took this release. The device accepts the older version as long as its
        /// security counter is not below the device's minimum (docs/ota.md).
        /// </summary>
        public IReadOnlyList<RolloutPublication> Rollback(RolloutRelease previous, long now)
        {
            if (previous.Version == State.Release.Version)
            {
                throw new ArgumentException($"the release to roll back to is {previous.Version}, the release being rolled out itself", nameof(previous));
            }

            if (State.Previous != null && State.Previous.Version != previous.Version)
            {
                throw new ArgumentException($"this rollout is already rolling back to {State.Previous.Version}, not {previous.Version}", nameof(previous));
            }

            List<RolloutPublication> publish = new List<RolloutPublication>();
            State.Previous = previous;
            if (State.Phase != RolloutPhase.RollingBack)
            {
                Stop(RolloutPhase.RollingBack, $"rolled back to {previous.Version}", now, publish);
            }

            foreach (DeviceRollout device in State.Devices.Values)
            {
                bool runsRelease = device.State == DeviceState.Updated || (State.Heard.TryGetValue(device.Id, out HeardDevice heard) && heard.Firmware == State.Release.Version);
                if (runsRelease && device.Rollback == null)
                {
                    device.Rollback = "announced";
                    publish.Add(new RolloutPublication(OtaTopic(device.Id), previous.Manifest, true));
                }
            }

            Changed = true;
            _unpublished = true;
            publish.AddRange(Step(now));
            return publish;
        }

        /// <summary>Where the rollout stands, as published on fleet/rollout and printed.</summary>
        public RolloutProgress Progress(long now)
        {
            List<DeviceRollout> devices = State.Devices.Values.ToList();
            List<RolloutWave> waves = new List<RolloutWave>();
            for (int w = 0; w < State.Plan.Waves.Count; w++)
            {
                List<DeviceRollout> members = devices.Where(d => d.Wave == w).ToList();
                int updated = members.Count(d => d.State == DeviceState.Updated);
                int failed = members.Count(d => d.State == DeviceState.Failed);
                waves.Add(new RolloutWave
                {
                    Percent = State.Plan.Waves[w],
                    StartedAt = w < State.WaveStarts.Count ? State.WaveStarts[w] : null,
                    SoakEndsAt = w < State.WaveStarts.Count ? State.WaveStarts[w] + State.Plan.SoakMilliseconds : null,
                    Devices = members.Count,
                    Pending = members.Count(d => d.State == DeviceState.Pending),
                    Session = members.Count(d => d.State == DeviceState.Session),
                    Updated = updated,
                    Failed = failed,
                    FailureRate = updated + failed == 0 ? 0 : (double)failed / (updated + failed),
                    Expired = members.Where(d => d.Expired && d.State == DeviceState.Pending).Select(d => d.Id).ToList(),
                    Lost = members.Where(d => IsLost(d, now)).Select(d => d.Id).ToList(),
                    Profiles = members.Select(d => d.Profile).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList(),
                });
            }

            return new RolloutProgress
            {
                Release = State.Release.Version,
                Previous = State.Previous?.Version,
                Phase = State.Phase,
                Reason = State.Reason,
                At = now,
                StartedAt = State.StartedAt,
                PhaseAt = State.PhaseAt,
                WavesBegun = State.WaveStarts.Count,
                FailureThreshold = State.Plan.FailureThreshold,
                SoakHours = State.Plan.SoakMilliseconds / 3_600_000.0,
                ConfirmTimeoutHours = State.Plan.ConfirmTimeoutMilliseconds / 3_600_000.0,
                Heard = State.Heard.Count,
                Targeted = devices.Count,
                Updated = devices.Count(d => d.State == DeviceState.Updated),
                Failed = devices.Count(d => d.State == DeviceState.Failed),
                Pending = devices.Count(d => d.State == DeviceState.Pending),
                Session = devices.Count(d => d.State == DeviceState.Session),
                Withdrawn = devices.Count(d => d.Withdrawn),
                RollbackAnnounced = devices.Count(d => d.Rollback != null),
                RolledBack = devices.Count(d => d.Rollback == "done"),
                Waves = waves,
                FailedDevices = devices.Where(d => d.State == DeviceState.Failed).Select(d => $"{d.Id} ({d.Reason})").ToList(),
                PendingDevices = devices.Where(d => d.State == DeviceState.Pending).Select(d => d.Id).ToList(),
                NotReached = State.Registry.Keys.Where(id => !State.Heard.ContainsKey(id)).ToList(),
            };
        }

        /// <summary>The devices heard from, in the plan's order: by the SHA-256 of the seed and the id, so a device keeps its place whoever else is heard.</summary>
        public IEnumerable<string> Order() =>
            State.Heard.Keys.Select(id => (Id: id, Key: Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{State.Plan.Seed}:{id}")))))
                .OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Id);

        private string OtaTopic(string id) => $"{State.Prefix}/{id}/ota";

        private string ProfileOf(string id) => State.Registry.TryGetValue(id, out string profile) ? profile : "unknown";

        private void BeginWave(int wave, long now, List<RolloutPublication> publish)
        {
            State.WaveStarts.Add(now);
            Changed = true;
            List<string> order = Order().ToList();
            int target = State.Plan.Waves[wave] >= 100 ? order.Count : (int)Math.Ceiling(State.Plan.Waves[wave] / 100 * order.Count);
            List<string> members = new List<string>();
            int count = State.Devices.Count;
            foreach (string id in order)
            {
                if (count >= target)
                {
                    break;
                }

                if (!State.Devices.ContainsKey(id))
                {
                    members.Add(id);
                    count++;
                }
            }

            if (wave == 0)
            {
                // The canary holds a device of every hardware profile: a defect of a board with a few percent of the fleet
                // is otherwise missed by a canary of a few devices. A device heard in the last day is preferred.
                foreach (IGrouping<string, string> profile in order.GroupBy(ProfileOf))
                {
                    if (!members.Any(id => ProfileOf(id) == profile.Key))
                    {
                        members.Add(profile.FirstOrDefault(id => State.Heard[id].LastHeard >= now - Day) ?? profile.First());
                    }
                }
            }

            Announce(wave, members, now, publish);
        }

        private void Announce(int wave, IEnumerable<string> ids, long now, List<RolloutPublication> publish)
        {
            foreach (string id in ids.ToList())
            {
                HeardDevice heard = State.Heard[id];
                DeviceRollout device = new DeviceRollout { Id = id, Profile = ProfileOf(id), Wave = wave, AnnouncedAt = now };
                State.Devices[id] = device;
                Changed = true;
                if (heard.Firmware == State.Release.Version)
                {
                    Decide(device, DeviceState.Updated, null, now);
                    continue;
                }

                if (heard.Status == "online")
                {
                    // Its session is open (a mains device): it takes the announce at once.
                    device.State = DeviceState.Session;
                    device.SessionAt = now;
                }

                publish.Add(new RolloutPublication(OtaTopic(id), State.Release.Manifest, true));
            }
        }

        private void Decide(DeviceRollout device, string state, string reason, long at)
        {
            // A confirmation stands; so does a failure, but a confirmation that comes after the timeout (counted late).
            bool late = device.State == DeviceState.Failed && device.Reason == "not-confirmed-in-time" && state == DeviceState.Updated;
            if (device.State == state || device.State == DeviceState.Updated || (device.State == DeviceState.Failed && !late))
            {
                return;
            }

            device.State = state;
            device.Reason = reason;
            device.DecidedAt = at;
            Changed = true;
        }

        private string HaltReason()
        {
            for (int w = 0; w < State.WaveStarts.Count; w++)
            {
                int updated = State.Devices.Values.Count(d => d.Wave == w && d.State == DeviceState.Updated);
                List<DeviceRollout> failed = State.Devices.Values.Where(d => d.Wave == w && d.State == DeviceState.Failed).ToList();
                if (failed.Count > 0 && (double)failed.Count / (updated + failed.Count) > State.Plan.FailureThreshold)
                {
                    return $"wave {w + 1}: {failed.Count} of {updated + failed.Count} decided devices failed ({100.0 * failed.Count / (updated + failed.Count):0.#} % > {100 * State.Plan.FailureThreshold:0.#} %): "
                        + string.Join(", ", failed.Take(5).Select(d => $"{d.Id} {d.Profile} {d.Reason}")) + (failed.Count > 5 ? ", ..." : string.Empty);
                }
            }

            return null;
        }

        private void Stop(string phase, string reason, long now, List<RolloutPublication> publish)
        {
            SetPhase(phase, reason, now);
            foreach (DeviceRollout device in State.Devices.Values.Where(d => d.State != DeviceState.Updated && !d.Withdrawn))
            {
                // An empty retained publish clears the retained announce: no sleeper installs a stopped release later.
                device.Withdrawn = true;
                publish.Add(new RolloutPublication(OtaTopic(device.Id), Array.Empty<byte>(), true));
            }
        }

        private void SetPhase(string phase, string reason, long now)
        {
            State.Phase = phase;
            State.Reason = reason;
            State.PhaseAt = now;
            Changed = true;
        }

        private void TakeRegistry(byte[] payload)
        {
            if (payload.Length == 0)
            {
                return;
            }

            foreach (InventoryEntry entry in JsonSerializer.Deserialize<List<InventoryEntry>>(payload, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }))
            {
                if (entry?.Id != null)
                {
                    State.Registry[entry.Id] = $"{entry.Board ?? "unknown"} {entry.Role ?? "device"}";
                }
            }

            Changed = true;
        }

        /// <summary>
        /// When a device's retained status says its last session was, Unix ms: now for an open session, the start of the
        /// last one for a sleeping device (its next session less its radio interval), -1 when it does not say.
        /// </summary>
        private static long RetainedSession(JsonElement status, long now)
        {
            string state = Text(status, "state");
            if (state == "online")
            {
                return now;
            }

            return state == "sleeping" && status.TryGetProperty("until", out JsonElement until) && until.ValueKind == JsonValueKind.Number
                && status.TryGetProperty("radioInterval", out JsonElement interval) && interval.ValueKind == JsonValueKind.Number
                ? (until.GetInt64() - interval.GetInt64()) * 1000
                : -1;
        }

        private static string Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
