using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Firmware.Storage;
using Firmware.Host.Tests.Storage.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage
{
    /// <summary>
    /// The power-cut sweep, as MCUboot's simulator and littlefs's power-loss runner do it: for each scripted
    /// workload, on raw NOR and on the ESP32 file adapter, cut the power at every single flash operation
    /// index in turn, reboot, mount and check every guarantee; then run the rest of the workload on the
    /// recovered storage and check again.
    /// </summary>
    [TestClass]
    public sealed class PowerCutSweepTests
    {
        public TestContext TestContext { get; set; }

        public static IEnumerable<object[]> Cases()
        {
            foreach (string workload in Workloads.SweepNames)
            {
                yield return new object[] { workload, "nor" };
                yield return new object[] { workload, "files" };
            }
        }

        [TestMethod]
        [DynamicData(nameof(Cases))]
        public void EveryCutPointKeepsEveryGuarantee(string workload, string model)
        {
            Stopwatch time = Stopwatch.StartNew();
            const int seed = 11;
            List<Step> steps = Workloads.Build(workload, seed);

            // An uncut run first: it must pass, and it says how many operations there are to cut.
            StorageRig clean = new StorageRig(StorageRig.NewModel(model, seed), seed);
            clean.Boot();
            Assert.AreEqual(-1, clean.Run(steps, 0));
            long operations = clean.Model.Operations;
            clean.RebootAndVerify($"{workload}/{model} uncut");
            clean.LogOracle.VerifyComplete(clean.Log, $"{workload}/{model} uncut");

            ExpectCoverage(workload, clean);

            // Each cut point is tried with several outcomes of the interrupted operation (seeds of the medium).
            int outcomes = TestTier.Pick(12, 64);
            for (long cut = 0; cut < operations; cut++)
            {
                for (int outcome = 0; outcome < outcomes; outcome++)
                {
                    int mediumSeed = (int)(cut * 7919) + outcome;
                    string context = $"{workload}/{model} cut at operation {cut} (medium seed {mediumSeed})";
                    StorageRig rig = new StorageRig(StorageRig.NewModel(model, mediumSeed), seed);
                    rig.Boot();
                    rig.Model.CutAt(cut);
                    int stopped = rig.Run(steps, 0);
                    Assert.IsTrue(stopped >= 0, context + ": the cut never happened");
                    rig.RebootAndVerify(context + $" (step {stopped}: {steps[stopped]})");

                    // The storage goes on working after the cut.
                    Assert.AreEqual(-1, rig.Run(steps, stopped + 1), context + ": cut again");
                    rig.RebootAndVerify(context + ", after the rest of the workload");
                    rig.LogOracle.VerifyComplete(rig.Log, context + ", after the rest of the workload");
                }
            }

            TestContext.WriteLine($"{workload}/{model}: {operations} cut points x {outcomes} outcomes in {time.Elapsed.TotalSeconds:0.0} s");
        }

        /// <summary>The workloads do what they are for: several wrap-arounds of the ring, drops, rotations.</summary>
        private static void ExpectCoverage(string workload, StorageRig clean)
        {
            if (clean.Model is not NorCutModel nor)
            {
                return;
            }

            int logStart = StorageRig.RegionSectors - StorageRig.LogSectors;
            int stateStart = FlashLayout.BootControlSectors;
            int minLogErases = Enumerable.Range(logStart, StorageRig.LogSectors).Min(s => nor.Nor.EraseCount(s));
            int stateErases = Enumerable.Range(stateStart, FlashLayout.StateSectors).Sum(s => nor.Nor.EraseCount(s));
            switch (workload)
            {
                case "appends":
                case "wakes":
                case "formats":
                    Assert.IsTrue(minLogErases >= 2, $"{workload}: the ring wrapped only {minLogErases} time(s)");
                    break;
                case "wrap-and-drop":
                    Assert.IsTrue(minLogErases >= 3, $"{workload}: the ring wrapped only {minLogErases} time(s)");
                    Assert.IsTrue(clean.Log.Dropped > 20, $"{workload}: only {clean.Log.Dropped} reading(s) dropped");
                    break;
            }

            if (workload == "state" || workload == "wakes")
            {
                Assert.IsTrue(stateErases >= 6, $"{workload}: the state store rotated only {stateErases} time(s)");
            }
        }
    }
}
