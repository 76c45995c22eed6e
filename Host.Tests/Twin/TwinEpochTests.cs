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
    /// An erased log starts again at sequence 1 under a new epoch: a receiver that identifies readings by device,
    /// epoch and sequence (docs/uplink.md) keeps every reading across the erase; one that goes by the sequence
    /// alone would drop them all as duplicates.
    /// </summary>
    [TestClass]
    public sealed class TwinEpochTests
    {
        [TestMethod]
        public void AReceiverFollowingTheRuleKeepsEveryReadingAcrossAnErase()
        {
            string flash = Path.Combine(Path.GetTempPath(), "twin-epoch-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                using MosquittoBroker broker = MosquittoBroker.Start();
                using Subscriber receiver = Subscriber.Start(broker.Port, "sensors/twin-1/telemetry");
                string[] run = { "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "2h", "--speed", "20000", "--sample-interval", "10m", "--quiet", "--flash", flash, "--fresh" };
                for (int i = 0; i < 2; i++)
                {
                    TwinOptions options = TwinOptions.Parse(run, out string error);
                    Assert.IsNull(error);
                    Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);
                }

                List<(long Epoch, long Sequence)> readings = new List<(long, long)>();
                foreach (var message in receiver.Messages)
                {
                    List<long> sequences = new List<long>();
                    Assert.IsTrue(TelemetryObserver.TryReadPack(message.Payload, out long epoch, sequences));
                    Assert.IsTrue(epoch > 0, "every pack names its log's epoch");
                    readings.AddRange(sequences.Select(s => (epoch, s)));
                }

                long[] epochs = readings.Select(r => r.Epoch).Distinct().ToArray();
                Assert.AreEqual(2, epochs.Length, "the erased log has an epoch of its own");
                foreach (long epoch in epochs)
                {
                    CollectionAssert.AreEqual(Enumerable.Range(1, 7).Select(s => (long)s).ToArray(),
                        readings.Where(r => r.Epoch == epoch).Select(r => r.Sequence).ToArray(), "each log from sequence 1");
                }

                Assert.AreEqual(14, readings.Distinct().Count(), "by device, epoch and sequence: every reading is new");
                Assert.AreEqual(7, readings.Select(r => r.Sequence).Distinct().Count(), "by the sequence alone half would be dropped");
            }
            finally
            {
                File.Delete(flash);
            }
        }
    }
}
