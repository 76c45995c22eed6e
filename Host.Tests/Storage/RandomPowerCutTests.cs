using System;
using System.Collections.Generic;
using System.Diagnostics;
using Firmware.Host.Tests.Storage.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage
{
    /// <summary>
    /// Random multi-cut runs: a mixed workload where power is cut again and again at random operations
    /// (cut, reboot, check, continue, cut again). A failure names its seed; rerun one seed with
    /// <see cref="OneSeed"/> by setting STORAGE_SEED.
    /// </summary>
    [TestClass]
    public sealed class RandomPowerCutTests
    {
        public TestContext TestContext { get; set; }

        [TestMethod]
        [DataRow("nor")]
        [DataRow("files")]
        public void ManySeedsOfRepeatedCuts(string model)
        {
            Stopwatch time = Stopwatch.StartNew();
            int seeds = TestTier.Pick(5000, 50000);
            long cuts = 0;
            for (int seed = 1; seed <= seeds; seed++)
            {
                cuts += RunSeed(model, seed);
            }

            TestContext.WriteLine($"{model}: {seeds} seeds, {cuts} cuts in {time.Elapsed.TotalSeconds:0.0} s");
        }

        [TestMethod]
        public void OneSeed()
        {
            string seed = Environment.GetEnvironmentVariable("STORAGE_SEED");
            if (seed == null)
            {
                return;
            }

            RunSeed("nor", int.Parse(seed));
            RunSeed("files", int.Parse(seed));
        }

        /// <summary>Runs the mixed workload with cuts every 1 to 80 operations; returns how many cuts there were.</summary>
        private static int RunSeed(string model, int seed)
        {
            try
            {
                Random random = new Random(seed);
                List<Step> steps = Workloads.Build("mixed", seed);
                StorageRig rig = new StorageRig(StorageRig.NewModel(model, seed), seed);
                rig.Boot();
                int cuts = 0;
                int next = 0;
                while (next < steps.Count)
                {
                    rig.Model.CutAt(rig.Model.Operations + random.Next(1, 80));
                    int stopped = rig.Run(steps, next);
                    if (stopped < 0)
                    {
                        break;
                    }

                    cuts++;
                    rig.RebootAndVerify($"cut {cuts} in step {stopped} ({steps[stopped]})");
                    next = stopped + 1;
                }

                rig.RebootAndVerify("the end");
                rig.LogOracle.VerifyComplete(rig.Log, "the end");
                return cuts;
            }
            catch (AssertFailedException e)
            {
                throw new AssertFailedException($"{model} seed {seed} (rerun: STORAGE_SEED={seed}): {e.Message}", e);
            }
        }
    }
}
