using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Fleet;
using Firmware.Host.Mqtt;
using Firmware.Host.Ota.Rollout;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Firmware.Host.Tests.Ota.Rollout.RolloutFixture;

namespace Firmware.Host.Tests.Ota.Rollout
{
    /// <summary>
    /// <c>ota rollout</c> as an operator runs it, against mosquitto on the wall clock: devices known from their retained
    /// statuses and the registry, the canary's announces retained on their topics, a rollback in the canary halting the
    /// rollout by itself and clearing every announce not taken.
    /// </summary>
    [TestClass]
    public sealed class RolloutToolTests
    {
        [TestMethod]
        public void ARollbackInTheCanaryHaltsTheRolloutAndClearsTheAnnouncesFromTheBroker()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            string folder = Path.Combine(Path.GetTempPath(), "rollout-tool-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                Publisher.Publish(broker.Port, FleetTopics.Inventory, Encoding.UTF8.GetString(Inventory(4, 1).Payload), retain: true);
                for (int i = 1; i <= 4; i++)
                {
                    Publisher.Publish(broker.Port, $"sensors/{Id(i)}/status", Encoding.UTF8.GetString(Status(Id(i), "0.2.0", 0).Payload), retain: true);
                }

                string state = Path.Combine(folder, "rollout.json");
                string manifest = Path.Combine(folder, "fw.manifest");
                File.WriteAllBytes(manifest, Release.Manifest);
                using CancellationTokenSource stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                StringWriter output = new StringWriter();
                StringWriter error = new StringWriter();
                using Subscriber announces = Subscriber.Start(broker.Port, "sensors/+/ota");
                Task<int> rollout = Task.Run(() => RolloutTool.Run(
                    new[] { "start", "--state", state, "--manifest", manifest, "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--waves", "25,100", "--soak", "1h", "--every", "100ms", "--share", "rollouts" },
                    TextWriter.Synchronized(output), TextWriter.Synchronized(error), stop.Token));

                // The canary: a quarter of four devices, and the Li-ion board's device.
                Stopwatch waited = Stopwatch.StartNew();
                while (announces.Messages.Count(m => m.Payload.Length > 0) < 2 && waited.Elapsed < TimeSpan.FromSeconds(30) && !rollout.IsCompleted)
                {
                    Thread.Sleep(50);
                }

                string[] canary = announces.Messages.Where(m => m.Payload.Length > 0).Select(m => m.Topic.Split('/')[1]).ToArray();
                Assert.AreEqual(2, canary.Length, output + "\n" + error);
                CollectionAssert.Contains(canary, Id(1), "the canary holds the Li-ion board's only device");
                Assert.IsTrue(announces.Messages.All(m => m.Payload.Length == 0 || m.Payload.AsSpan().SequenceEqual(Release.Manifest)));

                Publisher.Publish(broker.Port, $"sensors/{Id(1)}/events", Encoding.UTF8.GetString(Event(Id(1), "rolled-back", "0.3.0", 0, "crash").Payload), retain: false);

                Assert.IsTrue(rollout.Wait(TimeSpan.FromSeconds(60)), "the rollout halts by itself");
                Assert.AreEqual(RolloutTool.Halted, rollout.Result, output + "\n" + error);
                StringAssert.Contains(output.ToString(), "rollout of 0.3.0: halted (wave 1: 1 of 1 decided devices failed");
                using Subscriber retained = Subscriber.Start(broker.Port, "sensors/+/ota");
                using Subscriber progress = Subscriber.Start(broker.Port, FleetTopics.Rollout);
                Thread.Sleep(500);
                Assert.AreEqual(0, retained.Messages.Count, "no announce is left retained: " + string.Join(", ", retained.Messages.Select(m => m.Topic)));
                StringAssert.Contains(Encoding.UTF8.GetString(progress.Messages.Single().Payload), "\"phase\":\"halted\"");
                Assert.AreEqual(RolloutPhase.Halted, RolloutStateFile.Load(state).Phase);

                StringWriter status = new StringWriter();
                Assert.AreEqual(0, RolloutTool.Run(new[] { "status", "--state", state }, status, error, default));
                StringAssert.Contains(status.ToString(), "2 announces withdrawn");
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
