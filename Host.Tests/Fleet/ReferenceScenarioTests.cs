using System;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Host.Fleet;
using Firmware.Host.Mqtt;
using Firmware.Host.Ota.Rollout;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Fleet
{
    /// <summary>
    /// The reference scenario against mosquitto: release A, which crashes at boot on the Li-ion board (5 % of the mix),
    /// halts in its first wave and its victims roll back by themselves; release B, the fix, reaches every device that had
    /// a session; the monitor's figures agree with the simulator's ground truth. CI runs 100 devices for 7 days (the time line
    /// scaled: A on day 1.75, B on day 3.15, waves soaking 10 hours); the long tier the full scenario, 1,000 devices for 30 days.
    /// </summary>
    [TestClass]
    public sealed class ReferenceScenarioTests
    {
        [TestMethod]
        public void ABadReleaseHaltsInItsCanaryAndItsFixReachesTheFleet()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(FleetRun.MosquittoConfiguration(tcpClients: false), persistent: false, userName: null, password: null, localSocket: true);
            string folder = Path.Combine(Path.GetTempPath(), "fleet-reference-" + Guid.NewGuid().ToString("N"));
            FleetOptions options = new FleetOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, BrokerSocket = broker.LocalSocket, MonitorDirectory = Path.Combine(folder, "monitor") };
            options.Mix.Devices = Tier.Choose(100, 1000);
            options.Mix.Days = Tier.Choose(7, 30);
            options.Mix.Seed = 3;
            ReferenceScenario scenario = ReferenceScenario.For(options.Mix.Days);
            scenario.Directory = Path.Combine(folder, "rollout");

            StringWriter output = new StringWriter();
            try
            {
                ReferenceScenarioResult result = scenario.Run(options, output, CancellationToken.None);

                result.Print(output);
                Console.WriteLine(output.ToString());
                Assert.AreEqual(0, result.Problems().Count, string.Join("\n", result.Problems()));
                Assert.AreEqual(RolloutPhase.Halted, result.RolloutA.Phase);
                Assert.IsTrue(result.AffectedRanA.Count >= 1 && result.AffectedRanA.Count < result.RanA.Count, "the canary held the Li-ion board and others");
                Assert.IsTrue(result.RolloutA.Waves[0].Profiles.Count >= 3, string.Join(", ", result.RolloutA.Waves[0].Profiles));
                Assert.IsTrue(result.RolloutA.Withdrawn >= 1 || result.RolloutA.Waves[0].Devices == result.RolloutA.Updated + result.RolloutA.Failed, "announces not taken are withdrawn");
                Assert.AreEqual(result.RolloutB.Waves.Count, result.RolloutB.WavesBegun);
                Assert.IsTrue(result.SessionDuringB.Count > 0.8 * result.Devices, $"{result.SessionDuringB.Count} devices had a session during B's rollout");
                Assert.IsTrue(File.Exists(Path.Combine(folder, "rollout", $"rollout-{result.ReleaseB}.json")), "the rollout's state file");
                RolloutState state = RolloutStateFile.Load(Path.Combine(folder, "rollout", $"rollout-{result.ReleaseA}.json"));
                Assert.AreEqual(RolloutPhase.Halted, state.Phase);
                Assert.IsTrue(result.Fleet.Monitor.Rollout != null && result.Fleet.Monitor.Rollout["release"]?.GetValue<string>() == result.ReleaseB, "the monitor shows the rollout's progress");
            }
            finally
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, true);
                }
            }
        }
    }
}
