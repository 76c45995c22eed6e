using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>
    /// The twin's own judge across a broker restart: mosquitto (keeping sessions across a clean restart) is restarted
    /// in the middle of a thermostat's run; the device reconnects and sends again, and the observer reconnects to its
    /// persistent session, so the report counts every reading that reached the broker and none as lost.
    /// </summary>
    [TestClass]
    public sealed class TwinObserverTests
    {
        [TestMethod]
        public void TheJudgeReconnectsAcrossABrokerRestartAndLosesNothing()
        {
            string flash = Path.Combine(Path.GetTempPath(), "twin-observer-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: true, userName: null, password: null);
                TwinOptions options = TwinOptions.Parse(new[] { "--role", "thermostat", "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "2h", "--speed", "2500",
                    "--quiet", "--flash", flash, "--fresh" }, out string error);
                Assert.IsNull(error, error);

                Task restart = Task.Run(() =>
                {
                    // Once the device has its session (and the observer, which starts first, its own), a while into the run.
                    Assert.IsTrue(SpinWait.SpinUntil(() => broker.Log.Contains(" as twin-1 (", StringComparison.Ordinal), 30000), broker.Log);
                    Thread.Sleep(500);
                    broker.Restart();
                });
                StringWriter output = new StringWriter();
                TwinReport report = Firmware.Host.Twin.Run(options, output, CancellationToken.None);
                restart.GetAwaiter().GetResult();
                report.Print(output);

                Assert.IsTrue(report.ObserverReconnects >= 1, "the observer reconnected: " + output);
                Assert.AreEqual(0, report.ObserverSessionsLost, "the broker kept the observer's session: " + output);
                Assert.AreEqual(0L, report.Lost, output.ToString());
                Assert.AreEqual(0, report.Missing, output.ToString());
                Assert.AreEqual(report.NextSequence - report.FirstSequence - report.HeldThisRun, report.DeliveredThisRun, output.ToString());
                Assert.IsTrue(report.Sampled >= 110, output.ToString());
                StringAssert.Contains(output.ToString(), "observer: the broker went away; reconnected");
            }
            finally
            {
                File.Delete(flash);
            }
        }
    }
}
