using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>
    /// Store-and-forward end to end: the twin samples for hours with its broker unreachable, stops, and
    /// starts again on the same flash file with mosquitto up; an independent subscriber must then get
    /// every reading, with no gap.
    /// </summary>
    [TestClass]
    public sealed class TwinStorageTests
    {
        [TestMethod]
        public void ReadingsTakenWhileTheBrokerIsDownAllArriveAfterARestart()
        {
            string flash = Path.Combine(Path.GetTempPath(), "twin-storage-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                // Two hours with nothing listening on the broker's port: 24 readings stay in flash.
                int nobody = EmbeddedBroker.FreeLoopbackPort();
                TwinReport offline = Run("--broker", $"mqtt://127.0.0.1:{nobody}", "--duration", "2h", "--flash", flash, "--fresh");
                Assert.AreEqual(24, offline.Sampled);
                Assert.AreEqual(24L, offline.StoredHeld);
                Assert.AreEqual(25L, offline.NextSequence);
                Assert.IsFalse(offline.Observed);

                using MosquittoBroker broker = MosquittoBroker.Start();
                using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/telemetry");
                TwinReport online = Run("--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "1h", "--flash", flash);

                long[] received = Received(judge);
                CollectionAssert.AreEqual(Enumerable.Range(1, 36).Select(i => (long)i).ToArray(), received.Distinct().OrderBy(s => s).ToArray(),
                    "received: " + string.Join(",", received));
                CollectionAssert.AreEqual(received.OrderBy(s => s).ToArray(), received, "readings arrive oldest first");
                Assert.AreEqual(0L, online.StoredHeld);
                Assert.AreEqual(0L, online.StoredDropped);
            }
            finally
            {
                File.Delete(flash);
            }
        }

        [TestMethod]
        public void SequencesGoOnAcrossRunsOfTheSameFlashAndFreshStartsOver()
        {
            string flash = Path.Combine(Path.GetTempPath(), "twin-storage-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                TwinReport first = Run("--duration", "1h", "--flash", flash, "--fresh");
                TwinReport second = Run("--duration", "1h", "--flash", flash);
                TwinReport reset = Run("--duration", "10m", "--flash", flash, "--fresh");

                CollectionAssert.AreEqual(Enumerable.Range(1, 12).Select(i => (long)i).ToArray(), first.Received);
                CollectionAssert.AreEqual(Enumerable.Range(13, 12).Select(i => (long)i).ToArray(), second.Received);
                CollectionAssert.AreEqual(new long[] { 1, 2 }, reset.Received);
            }
            finally
            {
                File.Delete(flash);
            }
        }

        private static TwinReport Run(params string[] args)
        {
            TwinOptions options = TwinOptions.Parse(args.Concat(new[] { "--speed", "20000", "--quiet" }).ToArray(), out string error);
            Assert.IsNull(error);
            return Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);
        }

        private static long[] Received(Subscriber judge)
        {
            List<long> all = new List<long>();
            foreach (var message in judge.Messages)
            {
                Assert.IsTrue(TelemetryObserver.TryReadSequences(message.Payload, all), "not SenML");
            }

            return all.ToArray();
        }
    }
}
