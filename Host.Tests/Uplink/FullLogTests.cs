using System;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Uplink
{
    /// <summary>
    /// A full log drops its oldest readings and counts them: a twin with a small flash (64 KiB: a log of about 1,400
    /// readings) sampling every minute through 29 hours without network, then reaching the broker again (within the backoff cap of 6 h). The subscriber's
    /// only gaps must be exactly the readings the device counted as dropped, and they are the oldest.
    /// </summary>
    [TestClass]
    public sealed class FullLogTests
    {
        [TestMethod]
        public void TheOnlyGapsAreTheReadingsTheDeviceCountedAsDropped()
        {
            string flash = Path.Combine(Path.GetTempPath(), "full-log-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                using EmbeddedBroker broker = EmbeddedBroker.Start(0);
                using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/#");
                TwinOptions options = TwinOptions.Parse(new[] { "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "38h", "--sample-interval", "1m",
                    "--radio-interval", "60m", "--fault-network-down", "1h-30h", "--flash-size", "64", "--speed", "1000000000", "--quiet",
                    "--flash", flash, "--fresh" }, out string error);
                Assert.IsNull(error);

                TwinReport report = Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);
                Thread.Sleep(300);
                DeliveryJudge seen = new DeliveryJudge(judge, "sensors/twin-1");

                long delivered = report.NextSequence - 1 - report.StoredHeld;
                long[] missing = seen.MissingUpTo(delivered);
                Assert.IsTrue(report.StoredDropped > 100, "the log overflowed: " + report.StoredDropped + " dropped");
                Assert.IsTrue(report.StoredHeld < 60, "the backlog went out after the outage: " + report.StoredHeld + " held");
                Assert.AreEqual(report.StoredDropped, (long)missing.Length, "gaps: " + DeliveryJudge.Show(missing.Take(20)));
                long firstGap = missing.Min();
                Assert.IsTrue(missing.SequenceEqual(Enumerable.Range((int)firstGap, missing.Length).Select(i => (long)i)), "the dropped readings are one run");
                Assert.AreEqual(0L, report.Lost);
                Assert.IsTrue(seen.Statuses.Any(s => s.Contains("\"dropped\":" + report.StoredDropped)), "the status says how many were dropped: " + report.StoredDropped + " / " + string.Join("\n", seen.Statuses.TakeLast(3)));
            }
            finally
            {
                File.Delete(flash);
            }
        }
    }
}
