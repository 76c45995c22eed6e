using System;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Host.Fleet;
using Firmware.Host.Fleet.Monitoring;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Fleet
{
    /// <summary>
    /// A fleet of the default mix (battery sensors on two boards, mains thermostats, Wi-Fi from good to poor, devices
    /// never set up and offline for days, power cuts and brown-outs) on one time line against mosquitto: the simulator's
    /// ground truth set against what the broker delivered, the devices and the receivers connected through the broker's
    /// Unix domain socket as `fleet` connects them to its own mosquitto. CI runs 60 devices for 3 days; the long tier 300 for 14.
    /// </summary>
    [TestClass]
    public sealed class FleetScenarioTests
    {
        [TestMethod]
        public void EveryReadingOfTheFleetIsDeliveredHeldOrACountedDrop()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(FleetRun.MosquittoConfiguration(tcpClients: false), persistent: false, userName: null, password: null, localSocket: true);
            string monitor = Path.Combine(Path.GetTempPath(), "fleet-monitor-" + Guid.NewGuid().ToString("N"));
            // The devices' configuration and the receivers name a port no broker listens on: the run can only work through
            // the broker's local socket, as `fleet` runs against its own mosquitto.
            FleetOptions options = new FleetOptions { BrokerHost = "127.0.0.1", BrokerPort = EmbeddedBroker.FreeLoopbackPort(), BrokerSocket = broker.LocalSocket, MonitorDirectory = monitor };
            options.Mix.Devices = Tier.Choose(60, 300);
            options.Mix.Days = Tier.Choose(3, 14);
            options.Mix.Seed = 7;
            options.Mix.PowerCutsPerMonth = 3;
            options.Mix.BrownOutsPerMonth = 3;
            StringWriter output = new StringWriter();

            FleetReport report = FleetRun.Run(options, output, CancellationToken.None);

            string said = output.ToString();
            StringAssert.Contains(said, "through " + broker.LocalSocket);
            // Nothing per connection in the broker's log: a line at each of the devices' thousands of sessions (as the
            // TCP option on the socket's connections once wrote) costs the broker and the twin a write and a read each.
            Assert.IsTrue(broker.LogLines < 20, $"the broker wrote {broker.LogLines} lines:\n{broker.Log}");
            Assert.AreEqual(0, report.Failures.Count, string.Join("\n", report.Failures));
            Assert.AreEqual(0L, report.Lost, "readings lost: " + string.Join(", ", report.Devices.Where(d => d.Lost > 0).Select(d => $"{d.Id} {d.Lost}")));
            Assert.IsTrue(report.Delivered > 0.9 * report.Committed, $"{report.Delivered} of {report.Committed} delivered");
            Assert.IsTrue(report.PowerCuts > 0, "the mix cuts power");
            foreach (DeviceOutcome device in report.Devices)
            {
                // A sample a cut stopped before its reading was committed is the only one that never got a number.
                Assert.IsTrue(device.Sampled - device.Committed >= 0 && device.Sampled - device.Committed <= device.PowerCuts, $"{device.Id}: {device.Sampled} sampled, {device.Committed} committed, {device.PowerCuts} cuts");
                Assert.IsTrue(device.Gaps <= device.Dropped, $"{device.Id}: {device.Gaps} readings missing below the oldest held, {device.Dropped} counted as dropped");
                Assert.IsTrue(device.Delivered + device.Held + device.Dropped >= device.Committed, $"{device.Id}: {device.Committed} committed, {device.Delivered} delivered, {device.Held} held, {device.Dropped} dropped");
                Assert.AreEqual(0L, device.OtherEpochs, device.Id);
                if (device.NeverSetUp)
                {
                    Assert.IsFalse(device.Activated, device.Id);
                    Assert.AreEqual(0L, device.Delivered, device.Id);
                }
            }

            int neverSetUp = report.Devices.Count(d => d.NeverSetUp);
            Assert.IsTrue(neverSetUp >= 1, "the mix has devices never set up");
            string[] silent = report.Devices.Where(d => !d.NeverSetUp && !d.OfflineForDays && !d.Activated).Select(d => d.Id).ToArray();
            Assert.AreEqual(0, silent.Length, "devices set up and never offline for days that did not reach the broker: " + string.Join(", ", silent));
            Assert.IsTrue(report.Devices.Any(d => d.Kind == "thermostat" && d.Delivered > 0) && report.Devices.Any(d => d.Kind == "sensor-liion" && d.Delivered > 0));
            Assert.IsTrue(report.Scale.DeviceDaysPerSecond > 0 && report.Scale.ManagedBytesPerDevice > 0, said);

            // The monitor, from MQTT alone, against the simulator's ground truth.
            FleetMetrics metrics = report.Monitor;
            GroundTruth truth = report.Truth;
            Assert.AreEqual(truth.Registered, metrics.Registered);
            Assert.AreEqual(truth.Activated, metrics.Activated, "activated devices");
            Assert.AreEqual(truth.ActivationRate, metrics.ActivationRate, 1e-9);
            Assert.AreEqual(truth.MonthlyActiveDevices, metrics.MonthlyActiveDevices);
            Assert.AreEqual(truth.ReadingsDelivered, metrics.ReadingsDelivered, "readings delivered: the monitor's count and the judge's");
            Assert.AreEqual(truth.BatteryUptime, metrics.BatteryUptime, 0.02, "battery uptime");
            Assert.AreEqual(truth.MainsUptime, metrics.MainsUptime, 0.03, "mains uptime");
            Assert.AreEqual(truth.MeanBatteryPercent, metrics.MeanBatteryPercent, 1.5, "mean battery");
            // Sampled as of each device's last status or its latest reading, whichever is later: never fewer than delivered.
            Assert.IsTrue(metrics.ReadingsSampled <= report.Committed && metrics.ReadingsSampled >= metrics.ReadingsDelivered, $"{metrics.ReadingsSampled} sampled, {metrics.ReadingsDelivered} delivered");
            Assert.IsTrue(metrics.HealthScore > 50 && metrics.HealthScore <= 100, metrics.HealthScore.ToString());
            Assert.AreEqual(metrics.Activated, metrics.Running.Values.Sum(), "every activated device says what it runs");
            string page = File.ReadAllText(Path.Combine(monitor, "index.html"));
            StringAssert.Contains(page, "Chart.defaults");
            Assert.IsNotNull(MonitorPage.PlotLibrary(), "the build embedded Chart.js");
            StringAssert.Contains(page, "new Chart(");
            Assert.IsTrue(File.Exists(Path.Combine(monitor, "metrics.json")));
            Directory.Delete(monitor, true);
        }
    }
}
