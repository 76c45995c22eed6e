using System.Collections.Generic;
using System.Threading;
using Firmware.Host.Fleet.Monitoring;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Fleet
{
    /// <summary>
    /// The monitor counts an OTA outcome once per (device, outcomeId): the device publishes its events at least once, so one
    /// whose acknowledgement was lost with the connection comes again at its next session. Events without an id are
    /// counted as they come.
    /// </summary>
    [TestClass]
    public sealed class FleetMonitorOutcomeTests
    {
        [TestMethod]
        public void AnOutcomeReceivedTwiceWithItsIdIsCountedOnce()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            using FleetMonitor monitor = FleetMonitor.Start("127.0.0.1", broker.Port, "sensors");
            Feed(broker.Port, monitor,
                ("dev-00001", Updated("0.3.0", 1)),
                ("dev-00001", Updated("0.3.0", 1)));

            FleetMetrics metrics = monitor.Metrics();
            Assert.AreEqual(1, Count(metrics, "0.3.0", "updated"));
            Assert.AreEqual(1, metrics.UpdateOutcomesRepeated);
            Assert.AreEqual(1.0, metrics.UpdateSuccessRate);
            Assert.AreEqual(0L, monitor.Malformed, monitor.LastMalformed);
        }

        [TestMethod]
        public void OutcomesWithDifferentIdsOrOfDifferentDevicesAreEachCounted()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            using FleetMonitor monitor = FleetMonitor.Start("127.0.0.1", broker.Port, "sensors");

            // dev-00001 updated to 0.3.0 twice (a fleet rollback took it back in between); dev-00002's first outcome has
            // the id of dev-00001's first: ids are a device's own.
            Feed(broker.Port, monitor,
                ("dev-00001", Updated("0.3.0", 1)),
                ("dev-00001", Updated("0.3.0", 3)),
                ("dev-00002", Updated("0.3.0", 1)),
                ("dev-00002", "{\"event\":\"ota\",\"outcome\":\"rolled-back\",\"reason\":\"crash\",\"version\":\"0.3.1\",\"previous\":\"0.3.0\",\"outcomeId\":2}"));

            FleetMetrics metrics = monitor.Metrics();
            Assert.AreEqual(3, Count(metrics, "0.3.0", "updated"));
            Assert.AreEqual(1, Count(metrics, "0.3.1", "rolled-back"));
            Assert.AreEqual(0, metrics.UpdateOutcomesRepeated);
            Assert.AreEqual(0.75, metrics.UpdateSuccessRate);
        }

        [TestMethod]
        public void EventsWithoutAnIdAreCountedAsTheyComeAndABadIdIsMalformed()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            using FleetMonitor monitor = FleetMonitor.Start("127.0.0.1", broker.Port, "sensors");
            const string Rejected = "{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"bad-signature\",\"version\":\"0.3.0\"}";
            Feed(broker.Port, monitor,
                ("dev-00001", Rejected),
                ("dev-00001", Rejected),
                ("dev-00001", "{\"event\":\"ota\",\"outcome\":\"updated\",\"version\":\"0.3.0\",\"previous\":\"0.2.0\"}"),
                ("dev-00001", "{\"event\":\"ota\",\"outcome\":\"updated\",\"version\":\"0.3.0\",\"previous\":\"0.2.0\",\"outcomeId\":\"4\"}"));

            FleetMetrics metrics = monitor.Metrics();
            Assert.AreEqual(2, Count(metrics, "0.3.0", "rejected"), "a refusal carries no outcome id");
            Assert.AreEqual(1, Count(metrics, "0.3.0", "updated"), "firmware that publishes no id is counted as before; a bad id not at all");
            Assert.AreEqual(1L, monitor.Malformed);
            StringAssert.Contains(monitor.LastMalformed, "outcomeId is not a whole number");
        }

        private static string Updated(string version, long outcomeId) =>
            $"{{\"event\":\"ota\",\"outcome\":\"updated\",\"version\":\"{version}\",\"previous\":\"0.2.0\",\"outcomeId\":{outcomeId}}}";

        /// <summary>Publishes each event on its device's events topic, in order, and waits until the monitor took them all.</summary>
        private static void Feed(int port, FleetMonitor monitor, params (string Device, string Payload)[] events)
        {
            foreach ((string device, string payload) in events)
            {
                Publisher.Publish(port, $"sensors/{device}/events", payload, retain: false);
            }

            Assert.IsTrue(SpinWait.SpinUntil(() => monitor.Messages == events.Length, 10000), $"the monitor took {monitor.Messages} of {events.Length} events: {monitor.Connection}");
        }

        private static int Count(FleetMetrics metrics, string version, string outcome) =>
            metrics.UpdateOutcomes.TryGetValue(version, out SortedDictionary<string, int> byOutcome) ? byOutcome.GetValueOrDefault(outcome) : 0;
    }
}
