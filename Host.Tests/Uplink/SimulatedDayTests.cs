using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Uplink
{
    /// <summary>
    /// A simulated day of a battery sensor against a real broker, judged by an independent subscriber started before
    /// the twin: 8 h with the broker down from 2 h to 6 h, a restart, 4 h with every connection cut after 5 packets
    /// (CONNECT, SUBSCRIBE to the commands, SUBSCRIBE to the OTA announces, the status, the first telemetry batch: cut
    /// with that batch in flight), a restart, 12 h of normal running. Every reading must arrive at least once, duplicates may only
    /// come from batches in flight at a cut, and the only gaps are the readings the device counted as dropped.
    /// </summary>
    [TestClass]
    public sealed class SimulatedDayTests
    {
        /// <summary>Readings one 2 KB batch can carry at most (a reading with three channels is about 165 bytes).</summary>
        private const int ReadingsPerBatchBound = 20;

        private const int Window = 8;

        public TestContext TestContext { get; set; }

        [TestMethod]
        public void EveryReadingArrivesThroughOutagesRestartsAndCutsOnMosquitto()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            RunDay(broker.Port, "mosquitto");
        }

        [TestMethod]
        public void EveryReadingArrivesThroughOutagesRestartsAndCutsOnTheEmbeddedBroker()
        {
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            RunDay(broker.Port, "embedded");
        }

        private void RunDay(int port, string name)
        {
            Stopwatch time = Stopwatch.StartNew();
            string flash = Path.Combine(Path.GetTempPath(), "day-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                using Subscriber subscriber = Subscriber.Start(port, "sensors/twin-1/#");
                TwinReport outage = Run(port, flash, "--duration", "8h", "--fault-broker-down", "2h-6h", "--fresh");
                TwinReport cuts = Run(port, flash, "--duration", "4h", "--fault-drop-after", "5");
                TwinReport normal = Run(port, flash, "--duration", "12h");
                Thread.Sleep(300);
                DeliveryJudge judge = new DeliveryJudge(subscriber, "sensors/twin-1");

                long last = normal.NextSequence - 1;
                long delivered = last - normal.StoredHeld;
                Assert.AreEqual(288L, last, "one reading per 5 minutes for 24 h");
                Assert.IsTrue(normal.StoredHeld < 12, "only the readings since the last session wait in flash: " + normal.StoredHeld);
                Assert.AreEqual(0, judge.MissingUpTo(delivered).Length, "never received: " + DeliveryJudge.Show(judge.MissingUpTo(delivered)));
                Assert.IsTrue(judge.Received.Max() <= last);
                Assert.AreEqual(0L, normal.StoredDropped, "nothing was dropped, so there may be no gap");
                Assert.AreEqual(0L, outage.Lost + cuts.Lost + normal.Lost);

                int cutConnections = outage.ConnectionsCut + cuts.ConnectionsCut + normal.ConnectionsCut;
                Assert.IsTrue(cuts.ConnectionsCut >= 3, "the second run had its connections cut: " + cuts.Faults);
                Assert.IsTrue(judge.Duplicated.Length > 0, "a batch in flight at a cut arrives twice");
                long[] duplicated = judge.Duplicated;
                Assert.IsTrue(duplicated.Length <= cutConnections * Window * ReadingsPerBatchBound,
                    $"{duplicated.Length} duplicated readings from {cutConnections} cut connection(s): {DeliveryJudge.Show(duplicated)}");
                Assert.IsTrue(outage.FailedRadioSessions + CountRefused(outage) > 0, "the outage was felt: " + outage.Faults);

                // Duplicates come whole batches at a time: every pack that repeats a reading repeats only readings that an
                // earlier pack carried, i.e. a batch sent again after a cut.
                var seen = new System.Collections.Generic.HashSet<long>();
                foreach (long[] pack in judge.Packs)
                {
                    bool repeats = pack.Any(s => seen.Contains(s));
                    if (repeats)
                    {
                        Assert.IsTrue(pack.Where(s => s <= seen.Max()).All(s => seen.Contains(s)),
                            "a repeated pack skipped a reading it should carry: " + DeliveryJudge.Show(pack));
                    }

                    seen.UnionWith(pack);
                }

                Assert.IsTrue(judge.Statuses.Any(s => s.Contains("\"state\":\"sleeping\"") && s.Contains("\"until\":")), "the device said when it would be back");
                TestContext.WriteLine($"{name}: {judge.Received.Length} received, {judge.Distinct.Count} distinct, {duplicated.Length} duplicated after "
                    + $"{cutConnections} cut(s); runs {outage.RealTime.TotalSeconds:0.0} + {cuts.RealTime.TotalSeconds:0.0} + {normal.RealTime.TotalSeconds:0.0} s; total {time.Elapsed.TotalSeconds:0.0} s");
            }
            finally
            {
                File.Delete(flash);
            }
        }

        private static int CountRefused(TwinReport report)
        {
            return report.Faults != null && report.Faults.Contains(" refused") && !report.Faults.Contains(" 0 refused") ? 1 : 0;
        }

        private static TwinReport Run(int port, string flash, params string[] args)
        {
            TwinOptions options = TwinOptions.Parse(args.Concat(new[] { "--broker", $"mqtt://127.0.0.1:{port}", "--flash", flash, "--speed", "50000", "--quiet" }).ToArray(), out string error);
            Assert.IsNull(error);
            return Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);
        }
    }
}
