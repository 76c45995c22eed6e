using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using Firmware.Device;
using Firmware.Host.Boot;
using Firmware.Host.Ota;
using Firmware.Host.Ota.Rollout;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// The reference scenario: a fleet installs and settles; release A, which crashes at boot on one board profile, is
    /// rolled out and must halt in its first wave, the affected devices rolling back by themselves; then release B, its
    /// fix, is rolled out through every wave. Both releases are real signed bundles of the twin's own firmware, served
    /// over HTTP with Range requests and announced by <see cref="RolloutEngine"/> on the fleet's time line; the monitor
    /// runs beside the fleet, and everything is checked against the simulator's ground truth
    /// (<see cref="ReferenceScenarioResult.Problems"/>).
    /// </summary>
    public sealed class ReferenceScenario
    {
        private const long Day = 86_400_000;

        /// <summary>The board release A crashes on at boot (5 % of the default mix).</summary>
        public string DefectBoard { get; set; } = "esp32-wroom-liion";

        /// <summary>When each rollout begins, days of the time line.</summary>
        public double ReleaseADay { get; set; } = 3;

        public double ReleaseBDay { get; set; } = 6;

        /// <summary>Both rollouts' plan: the waves, a day's soak each, 2 % of failures halt, a day to confirm.</summary>
        public RolloutPlan Plan { get; set; } = new RolloutPlan();

        /// <summary>How often the rollouts step on the time line.</summary>
        public TimeSpan RolloutEvery { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>Where the releases, their manifests and the rollouts' state files go (null: a folder of the system's temporary files, deleted at the end).</summary>
        public string Directory { get; set; }

        /// <summary>
        /// The scenario's time line for a run of <paramref name="days"/>: A on day 3 and B on day 6 with a day's soak per
        /// wave from 12 days up (B's last wave then ends on day 10); a shorter run is scaled (A at a quarter of it, B at
        /// 45 %, each wave soaking 6 %), so B's waves end with a fifth of the run left for the late outcomes.
        /// </summary>
        public static ReferenceScenario For(double days)
        {
            ReferenceScenario scenario = new ReferenceScenario();
            if (days < 12)
            {
                scenario.ReleaseADay = 0.25 * days;
                scenario.ReleaseBDay = 0.45 * days;
                scenario.Plan.SoakMilliseconds = (long)(0.06 * days * Day);
            }

            return scenario;
        }

        public ReferenceScenarioResult Run(FleetOptions fleet, TextWriter output, CancellationToken cancel)
        {
            SemanticVersion build = SemanticVersion.Parse(RunningFirmware.BuildVersion);
            SemanticVersion a = new SemanticVersion(build.Major, build.Minor + 1, 0);
            SemanticVersion b = new SemanticVersion(build.Major, build.Minor + 1, 1);
            string folder = Directory ?? Path.Combine(Path.GetTempPath(), "fleet-reference-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            string www = Path.Combine(folder, "www");
            System.IO.Directory.CreateDirectory(www);
            try
            {
                (byte[] privateKey, byte[] publicKey) = OtaKeys.FromSeed(fleet.Mix.Seed);
                fleet.RootKeys.Add(publicKey);
                using ImageServer server = ImageServer.Start(www, IPAddress.Loopback, 0, TextWriter.Null);
                RolloutRelease releaseA = Release(a, privateKey, publicKey, server.Url, www);
                RolloutRelease releaseB = Release(b, privateKey, publicKey, server.Url, www);
                string crash = $"{a} dereferences a sensor calibration that only {DefectBoard} lacks: it crashes at boot";
                fleet.Defects = (profile, version) => profile.Kind.Board == DefectBoard && version == releaseA.Version ? crash : null;
                long aAt = (long)(ReleaseADay * Day);
                long bAt = (long)(ReleaseBDay * Day);
                Rollout rolloutA = new Rollout(releaseA, Plan, Path.Combine(folder, $"rollout-{a}.json"));
                Rollout rolloutB = new Rollout(releaseB, Plan, Path.Combine(folder, $"rollout-{b}.json"));
                FleetContext context = null;
                fleet.Prepare = ctx =>
                {
                    context = ctx;
                    ctx.Scheduler.At(aAt, (long)RolloutEvery.TotalMilliseconds, at =>
                    {
                        // A is watched until B begins (both publish on fleet/rollout); B from then on.
                        if (at < bAt)
                        {
                            rolloutA.Tick(ctx, at, output);
                        }
                        else
                        {
                            rolloutA.Stop();
                            rolloutB.Tick(ctx, at, output);
                        }
                    });
                };
                output.WriteLine($"reference scenario: release {a} (crashes at boot on {DefectBoard}) rolled out on day {ReleaseADay:0.##}, {b} (its fix) on day {ReleaseBDay:0.##}; "
                    + $"waves {string.Join(",", Plan.Waves)} %, {Plan.SoakMilliseconds / 3_600_000.0:0.#} h soak, halt above {100 * Plan.FailureThreshold:0.#} % failed; images on {server.Url}");
                Stopwatch wall = Stopwatch.StartNew();
                FleetReport report;
                try
                {
                    report = FleetRun.Run(fleet, output, cancel);
                }
                finally
                {
                    rolloutA.Stop();
                    rolloutB.Stop();
                }

                IReadOnlyList<FleetDevice> devices = context.Devices;
                List<FleetDevice> ranA = devices.Where(d => d.FirmwareBooted.Contains(releaseA.Version)).ToList();
                List<FleetDevice> activated = devices.Where(d => d.Device.Radio.Reached > 0).ToList();
                List<FleetDevice> sessionDuringB = activated.Where(d => HadSessionSince(d, AnnouncedAt(rolloutB.Engine, d.Profile.Id, context.WorldStartUnixMilliseconds) ?? bAt)).ToList();
                return new ReferenceScenarioResult
                {
                    Fleet = report,
                    ReleaseA = releaseA.Version,
                    ReleaseB = releaseB.Version,
                    DefectBoard = DefectBoard,
                    RolloutA = rolloutA.Last,
                    RolloutB = rolloutB.Last,
                    TargetedByB = rolloutB.Engine?.State.Devices.Keys.ToHashSet() ?? new HashSet<string>(),
                    RanA = ranA.Select(d => d.Profile.Id).ToList(),
                    AffectedRanA = ranA.Where(d => d.Profile.Kind.Board == DefectBoard).Select(d => d.Profile.Id).ToList(),
                    StillOnA = devices.Where(d => d.Device.Loader.RunningVersion == releaseA.Version && d.Profile.Kind.Board == DefectBoard).Select(d => d.Profile.Id).ToList(),
                    Activated = activated.Select(d => d.Profile.Id).ToList(),
                    SessionDuringB = sessionDuringB.Select(d => d.Profile.Id).ToList(),
                    RunB = sessionDuringB.Where(d => d.Device.Loader.RunningVersion == releaseB.Version).Select(d => d.Profile.Id).ToList(),
                    NoSessionDuringB = activated.Except(sessionDuringB).Select(d => d.Profile.Id).ToList(),
                    WallSeconds = wall.Elapsed.TotalSeconds,
                };
            }
            finally
            {
                if (Directory == null)
                {
                    System.IO.Directory.Delete(folder, true);
                }
            }
        }

        /// <summary>When a rollout announced its release to a device, time-line ms; null when it did not.</summary>
        private static long? AnnouncedAt(RolloutEngine engine, string id, long worldStart) =>
            engine != null && engine.State.Devices.TryGetValue(id, out DeviceRollout device) ? device.AnnouncedAt - worldStart : null;

        /// <summary>
        /// True when the device had a session after <paramref name="since"/> (time-line ms): a connection that began
        /// then, or, for a mains device, one still open then (it takes an announce while connected).
        /// </summary>
        private static bool HadSessionSince(FleetDevice device, long since) =>
            (device.Link?.Connections ?? Array.Empty<(long, long)>()).Any(c => c.From >= since || (device.Device.IsMains && c.Until >= since));

        /// <summary>A release of the twin's own firmware at <paramref name="version"/>: its bundle served from <paramref name="www"/>, its manifest signed.</summary>
        private static RolloutRelease Release(SemanticVersion version, byte[] privateKey, byte[] publicKey, string url, string www)
        {
            List<(string Name, byte[] Bytes)> files = HostLoader.FirmwareAssemblies().Select(HostLoader.AssemblyFile).ToList();
            byte[] bundle = BundleWriter.Build(version, 0, typeof(Application).FullName, HostLoader.EntryIndex(files, typeof(Application).Assembly.GetName().Name), files);
            string name = $"fw-{version}.bin";
            File.WriteAllBytes(Path.Combine(www, name), bundle);
            // Security counter 0, as the factory image's: a fleet rollback to it stays possible (docs/ota.md).
            byte[] manifest = ManifestWriter.Firmware(new FirmwareRelease
            {
                HardwareModel = HostLoader.HardwareModel,
                Version = version,
                SecurityCounter = 0,
                RuntimeVersion = HostLoader.RuntimeVersion,
                ImageUrl = url + name,
                SigningPublicKey = publicKey,
            }.ForImage(bundle)).Sign(privateKey);
            File.WriteAllBytes(Path.Combine(www, $"fw-{version}.manifest"), manifest);
            return RolloutRelease.Of(manifest, name);
        }

        /// <summary>One rollout on the fleet's time line: its own MQTT client, connected when it begins, and its state file.</summary>
        private sealed class Rollout
        {
            private readonly RolloutRelease _release;
            private readonly RolloutPlan _plan;
            private readonly string _statePath;
            private RolloutLink _link;
            private RolloutDriver _driver;
            private string _said;

            public Rollout(RolloutRelease release, RolloutPlan plan, string statePath)
            {
                _release = release;
                _plan = plan;
                _statePath = statePath;
            }

            public RolloutEngine Engine => _driver?.Engine;

            /// <summary>Its progress at its last step, or null before it began.</summary>
            public RolloutProgress Last { get; private set; }

            public void Tick(FleetContext context, long at, TextWriter output)
            {
                long now = context.WorldStartUnixMilliseconds + at;
                if (_driver == null)
                {
                    string clientId = "ota-rollout-" + _release.Version + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
                    _link = RolloutLink.Connect(context.BrokerHost, context.BrokerPort, context.TopicPrefix, clientId, null,
                        () => context.WorldStartUnixMilliseconds + context.Scheduler.Now, TimeSpan.FromSeconds(60), context.BrokerSocket);
                    _driver = new RolloutDriver(RolloutEngine.Start(_plan, _release, context.TopicPrefix, clientId, now), _link, _statePath, TimeSpan.FromMinutes(5));
                }

                _driver.Tick(now);
                Last = _driver.Engine.Progress(now);
                string state = $"{Last.Phase}, wave {Last.WavesBegun}";
                if (state != _said)
                {
                    output.WriteLine($"[{DurationText.Stamp(at)}] rollout of {_release.Version}: {state}: {Last.Targeted} targeted, {Last.Updated} updated, {Last.Failed} failed"
                        + (Last.Reason != null ? $" ({Last.Reason})" : string.Empty));
                    _said = state;
                }
            }

            /// <summary>Done with for good: its session at the broker ends with it, so the broker keeps nothing for it.</summary>
            public void Stop()
            {
                _link?.DisposeEndingSession();
                _link = null;
            }
        }
    }
}
