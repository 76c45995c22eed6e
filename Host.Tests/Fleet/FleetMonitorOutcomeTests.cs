using System;
using System.Collections.Generic;
using System.Threading;
using Firmware.Host.Fleet;
using Firmware.Host.Fleet.Monitoring;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Fleet
{
    /// <summary>
    /// The monitor counts an OTA outcome once per (device, outcomeId) and a refusal once per (device, refusalId): the device
    /// publishes its events at least once, so one whose acknowledgement was lost with the connection comes again at its next
    /// session. Events without an id are counted as they come. A refusal ends an update, as a failure.
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
                ("dev-00001", "{\"event\":\"ota\",\"outcome\":\"updated\",\"version\":\"0.3.0\",\"previous\":\"0.2.0\",\"outcomeId\":\"4\"}"),
                ("dev-00001", "{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"bad-signature\",\"version\":\"0.3.0\",\"refusalId\":-1}"));

            FleetMetrics metrics = monitor.Metrics();
            Assert.AreEqual(2, Count(metrics, "0.3.0", "rejected"), "firmware that publishes no refusal id is counted as it comes; a bad id not at all");
            Assert.AreEqual(1, Count(metrics, "0.3.0", "updated"), "firmware that publishes no id is counted as before; a bad id not at all");
            Assert.AreEqual(2L, monitor.Malformed);
            StringAssert.Contains(monitor.LastMalformed, "refusalId is not a whole number");
        }

        [TestMethod]
        public void ARefusalReceivedTwiceWithItsIdIsCountedOnceAndApartFromOutcomeIds()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            using FleetMonitor monitor = FleetMonitor.Start("127.0.0.1", broker.Port, "sensors");

            // The event exactly as the device writes it, twice (its PUBACK was lost); then an update whose boot-control
            // outcome id is the same number: the ids are two counts of the device, each its own.
            string refusal = "{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"wrong-hardware\",\"version\":\"0.3.0\",\"refusalId\":1,\"detail\":\"for other-board; this is test-board\"}";
            Feed(broker.Port, monitor,
                ("dev-00001", refusal),
                ("dev-00001", refusal),
                ("dev-00001", Updated("0.3.1", 1)),
                ("dev-00002", refusal));

            FleetMetrics metrics = monitor.Metrics();
            Assert.AreEqual(2, Count(metrics, "0.3.0", "rejected"), "once per device");
            Assert.AreEqual(1, Count(metrics, "0.3.1", "updated"), "outcome 1 is not refusal 1");
            Assert.AreEqual(1, metrics.UpdateOutcomesRepeated);
            Assert.AreEqual(1, monitor.Device("dev-00001").OtaRefusalIds.Count);
            Assert.AreEqual(0L, monitor.Malformed, monitor.LastMalformed);
        }

        [TestMethod]
        public void ARefusalIsAFailedUpdateInTheSuccessRateAndDeferralsAreNone()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            using FleetMonitor monitor = FleetMonitor.Start("127.0.0.1", broker.Port, "sensors");
            Feed(broker.Port, monitor,
                ("dev-00001", Updated("0.3.0", 1)),
                ("dev-00002", "{\"event\":\"ota\",\"outcome\":\"rolled-back\",\"reason\":\"crash\",\"version\":\"0.3.0\",\"previous\":\"0.2.0\",\"outcomeId\":1}"),
                ("dev-00003", "{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"image-hash-mismatch\",\"version\":\"0.3.0\",\"refusalId\":4}"),
                ("dev-00003", "{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"image-hash-mismatch\",\"version\":\"0.3.0\",\"refusalId\":4}"),
                ("dev-00004", "{\"event\":\"ota\",\"outcome\":\"deferred\",\"reason\":\"battery-low\",\"version\":\"0.3.0\"}"),
                ("dev-00004", "{\"event\":\"ota\",\"outcome\":\"ignored\",\"reason\":\"refused-before\",\"version\":\"0.3.0\"}"),
                ("dev-00004", "{\"event\":\"ota\",\"outcome\":\"recovered\",\"reason\":\"image-unloadable\",\"version\":\"0.3.0\",\"outcomeId\":2}"));

            FleetMetrics metrics = monitor.Metrics();
            Assert.AreEqual(1.0 / 3, metrics.UpdateSuccessRate.Value, 1e-12, "updated over updated, rolled back and refused, the refusal once");
            Assert.AreEqual(metrics.UpdateSuccessRate, UpdateSuccess.Rate(new[] { "updated", "rolled-back", "rejected" }), "the ground truth's definition");
            Assert.IsNull(UpdateSuccess.Rate(new[] { "deferred", "ignored", "recovered", "downloading", "accepted", "keys-updated" }), "none of these ends an update");

            // The ground truth counts a refusal the same way: from the device's own record, as a failed update.
            GroundTruth truth = GroundTruth.Of(Array.Empty<FleetDevice>(), new[] { new DeviceOutcome { Id = "dev-00003", FirmwareBooted = Array.Empty<string>(), Refusals = 1 } }, 0, 0);
            Assert.AreEqual(1L, truth.Refused);
            Assert.AreEqual(0.0, truth.UpdateSuccessRate);
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
