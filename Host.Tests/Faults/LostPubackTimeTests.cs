using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Firmware.Host.Faults;
using Firmware.Host.Hardware;
using Firmware.Host.Mqtt;
using Firmware.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Faults
{
    /// <summary>
    /// The MQTT adapter's timeouts are device time on the twin: a lost PUBACK costs its timeout on the virtual clock (and
    /// so in the device's ledger) but not in real time, so a simulated day with lost PUBACKs runs about as fast as one
    /// without; a PUBACK that is only late is still taken.
    /// </summary>
    [TestClass]
    public sealed class LostPubackTimeTests
    {
        [TestMethod]
        public void ALostPubackCostsItsTimeoutInDeviceTimeNotInRealTime()
        {
            ThroughProxy(new FaultPlan { LosePubackProbability = 1 }, (link, clock) =>
            {
                int token = link.Publish("faults/lost", new byte[] { 1, 2 }, 0, 2, 1, false);
                long deviceStart = clock.UptimeMilliseconds;
                Stopwatch real = Stopwatch.StartNew();

                Assert.AreEqual(0, link.WaitForAcknowledgement(5000));

                Assert.IsTrue(token > 0);
                Assert.IsTrue(real.ElapsedMilliseconds < 1500, $"a 5 s PUBACK timeout took {real.ElapsedMilliseconds} ms of real time");
                Assert.IsTrue(clock.UptimeMilliseconds - deviceStart >= 5000, $"only {clock.UptimeMilliseconds - deviceStart} ms of device time passed");
                Assert.AreEqual(1, link.PubacksFoundLost);
                Assert.IsTrue(link.IsConnected);
            });
        }

        [TestMethod]
        public void ALatePubackIsStillTaken()
        {
            ThroughProxy(new FaultPlan { LatencyMilliseconds = 200 }, (link, clock) =>
            {
                int token = link.Publish("faults/late", new byte[] { 1, 2 }, 0, 2, 1, false);

                Assert.AreEqual(token, link.WaitForAcknowledgement(5000), "a PUBACK 200 ms late (more than the 25 ms grace) is asked after, not given up");
                Assert.AreEqual(0, link.PubacksFoundLost);
            });
        }

        [TestMethod]
        public void ADayWithLostPubacksRunsAboutAsFastAsOneWithout()
        {
            TwinReport clean = Run();
            TwinReport lossy = Run("--fault-lose-pubacks", "0.3", "--seed", "3");

            Assert.IsTrue(lossy.PubacksFoundLost >= 3, $"{lossy.PubacksFoundLost} PUBACK(s) lost: {lossy.Faults}");
            Assert.AreEqual(0L, lossy.Lost);
            // Each lost PUBACK is a 5 s timeout: in real time that would be 5 s each; in device time it is a round trip.
            Assert.IsTrue(lossy.RealTime - clean.RealTime < TimeSpan.FromSeconds(Math.Max(3, lossy.PubacksFoundLost)),
                $"{lossy.PubacksFoundLost} lost PUBACKs made a {clean.RealTime.TotalSeconds:0.0} s day take {lossy.RealTime.TotalSeconds:0.0} s");
        }

        private static TwinReport Run(params string[] faults)
        {
            string flash = Path.Combine(Path.GetTempPath(), "lost-pubacks-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                string[] args = { "--duration", "12h", "--speed", "100000", "--quiet", "--flash", flash, "--fresh" };
                TwinOptions options = TwinOptions.Parse([.. args, .. faults], out string error);
                Assert.IsNull(error, error);
                return Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);
            }
            finally
            {
                File.Delete(flash);
            }
        }

        /// <summary>A link on a fast device clock, connected to the embedded broker through a fault proxy.</summary>
        private static void ThroughProxy(FaultPlan plan, Action<MqttNetLink, VirtualClock> test)
        {
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            using FaultProxy proxy = FaultProxy.Start(plan, "127.0.0.1", broker.Port, () => 0);
            VirtualClock clock = new VirtualClock(100_000, CancellationToken.None);
            using MqttNetLink link = new MqttNetLink(clock);
            MqttConnectOptions options = new MqttConnectOptions { Host = "127.0.0.1", Port = proxy.Port, ClientId = "lost-" + Guid.NewGuid().ToString("N").Substring(0, 8), CleanSession = true };
            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(options, 5000), link.LastError);
            test(link, clock);
        }
    }
}
