using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Uplink
{
    /// <summary>
    /// A sleeping device hears nothing: commands sent while it sleeps are queued by the broker (persistent session,
    /// QoS 1 subscription) and taken at its next radio session. The configuration (retained, versioned) is applied
    /// once; a one-shot reboot runs once; an expired one does not; bad commands are answered with their reason.
    /// Judged on mosquitto by an independent subscriber.
    /// </summary>
    [TestClass]
    public sealed class SleepingDeviceCommandTests
    {
        [TestMethod]
        public void CommandsSentWhileTheDeviceSleepsAreTakenAtItsNextSessionOnce()
        {
            string flash = Path.Combine(Path.GetTempPath(), "commands-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                using MosquittoBroker broker = MosquittoBroker.Start();
                using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/#");
                TwinOptions options = TwinOptions.Parse(new[] { "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "3h", "--speed", "3000",
                    "--quiet", "--flash", flash, "--fresh" }, out string error);
                Assert.IsNull(error);
                Task<TwinReport> run = Task.Run(() => Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None));

                // The first session (at power-on) ends with a retained "sleeping" status: the device is asleep now.
                Assert.IsTrue(SpinWait.SpinUntil(() => judge.Messages.Any(m => m.Topic == "sensors/twin-1/status" && Text(m.Payload).Contains("\"sleeping\"")), 20000),
                    "the device never went to sleep");
                long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                string prefix = "sensors/twin-1/cmd/";
                Publisher.Publish(broker.Port, prefix + "config", "{\"version\":1,\"logFillPercent\":80,\"radioIntervalSeconds\":1800}", true);
                Publisher.Publish(broker.Port, prefix + "reboot", "{\"id\":\"r-1\",\"expires\":" + (now + 86400) + "}", false);
                Publisher.Publish(broker.Port, prefix + "reboot", "{\"id\":\"r-0\",\"expires\":" + (now - 3600) + "}", false);
                Publisher.Publish(broker.Port, prefix + "config", "{\"version\":2,\"sampleIntervalSeconds\":\"fast\"}", false);
                Publisher.Publish(broker.Port, prefix + "reboot", "{\"id\":\"r-2\",\"expires\":" + (now + 86400) + ",\"device\":\"twin-2\"}", false);
                Publisher.Publish(broker.Port, prefix + "config", new string('x', 9000), false);
                Publisher.Publish(broker.Port, prefix + "config", "{\"version\":3,", false);
                Publisher.Publish(broker.Port, prefix + "config", "{\"version\":3,\"wakeCapSeconds\":5000}", false);
                Publisher.Publish(broker.Port, prefix + "config", "{\"version\":3,\"colour\":\"red\"}", false);

                TwinReport report = run.GetAwaiter().GetResult();
                Thread.Sleep(300);
                DeliveryJudge seen = new DeliveryJudge(judge, "sensors/twin-1");
                string events = string.Join("\n", seen.Events);

                Assert.AreEqual(1, seen.Events.Count(e => e.Contains("\"event\":\"config\",\"result\":\"applied\",\"version\":1")), events);
                Assert.AreEqual(1, seen.Events.Count(e => e.Contains("\"id\":\"r-1\",\"result\":\"accepted")), events);
                Assert.AreEqual(0, seen.Events.Count(e => e.Contains("\"id\":\"r-0\",\"result\":\"accepted")), events);
                Assert.AreEqual(1, seen.Events.Count(e => e.Contains("\"id\":\"r-0\",\"result\":\"rejected\",\"error\":\"expired at")), events);
                StringAssert.Contains(events, "\"version\":2,\"error\":\"sampleIntervalSeconds must be a whole number, not a string\"");
                StringAssert.Contains(events, "\"id\":\"r-2\",\"result\":\"rejected\",\"error\":\"the command is for device 'twin-2', not 'twin-1'\"");
                StringAssert.Contains(events, "\"error\":\"payload larger than");
                StringAssert.Contains(events, "\"error\":\"configuration is not valid JSON: expected a property name");
                StringAssert.Contains(events, "\"error\":\"wakeCapSeconds must be 40 to 900, not 5000\"");
                StringAssert.Contains(events, "\"error\":\"unknown configuration key 'colour'");
                Assert.IsTrue(seen.Statuses.Any(s => s.Contains("\"wake\":\"reboot\"")), "the device rebooted once, on the command");
                Assert.IsTrue(seen.Statuses.Any(s => s.Contains("\"config\":1") && s.Contains("\"radioInterval\":1800")), "the configuration took effect");
                Assert.AreEqual(0, judge.Messages.Count(m => m.Topic.StartsWith(prefix) == false && m.Topic.Contains("/cmd/")));
                Assert.AreEqual(0L, report.Lost);
            }
            finally
            {
                File.Delete(flash);
            }
        }

        private static string Text(byte[] payload) => System.Text.Encoding.UTF8.GetString(payload);
    }
}
