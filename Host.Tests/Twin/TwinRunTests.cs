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
    /// The host twin runs the real firmware against a real broker; the judge is an independent subscriber
    /// started before the twin, not the twin's own report.
    /// </summary>
    [TestClass]
    public sealed class TwinRunTests
    {
        private static readonly string FlashFile = Path.Combine(Path.GetTempPath(), "twin-run-tests-" + Guid.NewGuid().ToString("N") + ".flash");

        [ClassCleanup]
        public static void RemoveFlash() => File.Delete(FlashFile);

        /// <summary>
        /// On battery the sensor samples every 5 min and publishes on the radio interval (60 min, aligned to sample
        /// wakes): sessions at wakes 1, 13, ..., 61 deliver readings 1 to 61 in order; the last 11 wait in flash.
        /// </summary>
        [TestMethod]
        public void SixHoursAgainstMosquittoGiveOneReadingPerIntervalWithConsecutiveSequences()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/telemetry");
            TwinOptions options = TwinOptions.Parse(new[] { "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "6h", "--speed", "20000", "--quiet", "--flash", FlashFile, "--fresh" }, out string error);
            Assert.IsNull(error);

            TwinReport report = Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);

            long[] received = Sequences(judge);
            CollectionAssert.AreEqual(Enumerable.Range(1, 61).Select(i => (long)i).ToArray(), received,
                "6 h at one sample per 5 min, radio every 60 min: sequences " + string.Join(",", received));
            Assert.AreEqual(72, report.Sampled);
            Assert.AreEqual(72, report.Boots, "every wake is a boot after deep sleep");
            Assert.AreEqual(6, report.RadioSessions);
            Assert.AreEqual(11L, report.StoredHeld);
            Assert.AreEqual(0L, report.Lost);
            Assert.AreEqual(0, report.Missing);
        }

        [TestMethod]
        public void TheEmbeddedBrokerCarriesTheSameRun()
        {
            TwinOptions options = TwinOptions.Parse(new[] { "--duration", "2h", "--speed", "20000", "--sample-interval", "10m", "--quiet", "--flash", FlashFile, "--fresh" }, out string error);
            Assert.IsNull(error);

            TwinReport report = Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);

            // Sessions at wakes 1 and 7 (60 min of 10-min samples).
            CollectionAssert.AreEqual(Enumerable.Range(1, 7).Select(i => (long)i).ToArray(), report.Received);
            Assert.AreEqual(0, report.Duplicates);
            Assert.AreEqual(5L, report.StoredHeld);
        }

        [TestMethod]
        public void CancellingStopsTheRunCleanly()
        {
            TwinOptions options = TwinOptions.Parse(new[] { "--speed", "60", "--quiet", "--flash", FlashFile, "--fresh" }, out _);
            using CancellationTokenSource cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            DateTime start = DateTime.UtcNow;

            TwinReport report = Firmware.Host.Twin.Run(options, TextWriter.Null, cancel.Token);

            Assert.IsTrue(DateTime.UtcNow - start < TimeSpan.FromSeconds(15), "the run did not stop on cancellation");
            Assert.IsTrue(report.Sampled >= 1);
            Assert.AreEqual(report.Sampled, report.Distinct);
        }

        private static long[] Sequences(Subscriber judge)
        {
            List<long> all = new List<long>();
            foreach (var message in judge.Messages)
            {
                Assert.IsTrue(TelemetryObserver.TryReadSequences(message.Payload, all), "not SenML: " + System.Text.Encoding.UTF8.GetString(message.Payload));
            }

            return all.ToArray();
        }
    }
}
