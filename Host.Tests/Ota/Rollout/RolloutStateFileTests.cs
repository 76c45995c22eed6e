using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Firmware.Host.Ota.Rollout;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Firmware.Host.Tests.Ota.Rollout.RolloutFixture;

namespace Firmware.Host.Tests.Ota.Rollout
{
    /// <summary>The rollout's state file: a stopped rollout resumes where it was; a file that is not its state is refused and left alone.</summary>
    [TestClass]
    public sealed class RolloutStateFileTests
    {
        [TestMethod]
        public void AResumedRolloutGoesOnAsOneThatWasNeverStopped()
        {
            string path = Path.Combine(Path.GetTempPath(), "rollout-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                RolloutEngine running = Heard(Plan(20, 60, 100), 50, 5, 50);
                RolloutEngine stopped = Heard(Plan(20, 60, 100), 50, 5, 50);
                CollectionAssert.AreEqual(Announced(running.Step(0)), Announced(stopped.Step(0)));
                UpdateAll(running, Hour, 0);
                UpdateAll(stopped, Hour, 0);
                running.Step(2 * Hour);
                stopped.Step(2 * Hour);
                RolloutStateFile.Save(stopped.State, path);
                Assert.IsFalse(File.Exists(path + ".tmp"), "written through a temporary file renamed over it");

                RolloutEngine resumed = new RolloutEngine(RolloutStateFile.Load(path));

                CollectionAssert.AreEqual(Announced(running.Step(24 * Hour)), Announced(resumed.Step(24 * Hour)));
                Assert.AreEqual(running.Progress(24 * Hour).Updated, resumed.Progress(24 * Hour).Updated);
                CollectionAssert.AreEqual(running.State.Release.Manifest, resumed.State.Release.Manifest);
                Assert.AreEqual(2, resumed.State.WaveStarts.Count);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void AStateFileThatIsNotARolloutsIsRefusedWithWhatIsWrongAndLeftAsItIs()
        {
            string path = Path.Combine(Path.GetTempPath(), "rollout-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                RolloutEngine engine = Heard(Plan(), 10, 1, 10);
                engine.Step(0);
                RolloutStateFile.Save(engine.State, path);
                string good = File.ReadAllText(path);
                Dictionary<string, string> damaged = new Dictionary<string, string>
                {
                    ["{\"kind\": \"ota-rollout\", \"format\": 1, \"plan\":"] = "is not a rollout's state",
                    ["{\"kind\": \"fleet-report\"}"] = "its kind is 'fleet-report'",
                    [good.Replace("\"format\": 1", "\"format\": 7", StringComparison.Ordinal)] = "has format 7",
                    [good.Replace("\"state\": \"pending\"", "\"state\": \"sideways\"", StringComparison.Ordinal)] = "state 'sideways'",
                    [good.Replace("\"waves\": [", "\"waves\": [200,", StringComparison.Ordinal)] = "waves must increase",
                };
                foreach (KeyValuePair<string, string> file in damaged)
                {
                    File.WriteAllText(path, file.Key);

                    RolloutStateException refused = Assert.ThrowsExactly<RolloutStateException>(() => RolloutStateFile.Load(path), file.Value);

                    StringAssert.Contains(refused.Message, file.Value);
                    StringAssert.Contains(refused.Message, path);
                    Assert.AreEqual(file.Key, File.ReadAllText(path), "never overwritten");
                }

                File.Delete(path);
                StringAssert.Contains(Assert.ThrowsExactly<RolloutStateException>(() => RolloutStateFile.Load(path)).Message, "no state file");
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void TheToolRefusesToStartOverAStateFileAndToResumeWithAnotherRelease()
        {
            string folder = Path.Combine(Path.GetTempPath(), "rollout-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string state = Path.Combine(folder, "state.json");
                string other = Path.Combine(folder, "other.manifest");
                RolloutStateFile.Save(Heard(Plan(), 10, 1, 10).State, state);
                File.WriteAllBytes(other, Signed("0.4.0").Manifest);
                StringWriter output = new StringWriter();
                StringWriter error = new StringWriter();

                int started = RolloutTool.Run(new[] { "start", "--state", state, "--manifest", other, "--broker", "mqtt://127.0.0.1:1" }, output, error, default);
                int resumed = RolloutTool.Run(new[] { "resume", "--state", state, "--manifest", other, "--broker", "mqtt://127.0.0.1:1" }, output, error, default);
                int status = RolloutTool.Run(new[] { "status", "--state", state }, output, error, default);

                Assert.AreEqual(2, started);
                Assert.AreEqual(2, resumed);
                StringAssert.Contains(error.ToString(), "exists: ota rollout resume continues it");
                StringAssert.Contains(error.ToString(), "is the rollout of 0.3.0, another manifest than --manifest (0.4.0)");
                Assert.AreEqual(0, status);
                StringAssert.Contains(output.ToString(), "rollout of 0.3.0: running");
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
