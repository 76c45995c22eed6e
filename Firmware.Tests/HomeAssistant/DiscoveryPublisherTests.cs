using Firmware.HomeAssistant;
using Firmware.Tests.Fakes;
using Firmware.Tests.Json;
using nanoFramework.TestFramework;

namespace Firmware.Tests.HomeAssistant
{
    /// <summary>
    /// When the device publishes its discovery and when it removes one (<see cref="DiscoveryPublisher"/>): once, retained,
    /// with QoS 1; again only when it changed or a day passed; removed when turned off, after a factory reset, or under a
    /// discovery prefix or device id it no longer has (with the old status and state when the id changed).
    /// </summary>
    [TestClass]
    public class DiscoveryPublisherTests
    {
        private const string Topic = "homeassistant/device/kitchen/config";

        [TestMethod]
        public void TheFirstSessionPublishesTheDiscoveryRetainedWithQos1AndRecordsIt()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            Assert.IsTrue(rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false), rig.Publisher.LastError);

            Assert.AreEqual(1, rig.Mqtt.PublishedCount, rig.Log());
            PublishedMessage m = rig.Mqtt.GetPublished(0);
            Assert.AreEqual(Topic, m.Topic);
            Assert.IsTrue(m.Retain);
            Assert.AreEqual(1, m.Qos);
            Assert.AreEqual(DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor()), m.Text);
            Assert.AreEqual(m.Payload.Length, rig.Publisher.LastPayloadBytes);
            Assert.AreEqual(1, rig.Publisher.Publishes);

            rig.NextBoot();
            Assert.IsTrue(rig.Publisher.Record.Published, "recorded in flash");
        }

        [TestMethod]
        public void AnUnchangedDiscoveryIsNotPublishedAgainInLaterSessions()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false);
            for (int boot = 0; boot < 5; boot++)
            {
                rig.NextBoot();
                rig.Board.Clock.UptimeMilliseconds += 3600000;
                Assert.IsTrue(rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false));
            }

            Assert.AreEqual(1, rig.Mqtt.PublishedCount, rig.Log());
            Assert.AreEqual(0, rig.Publisher.Publishes, "this boot published nothing");
        }

        [TestMethod]
        public void AChangedDiscoveryIsPublishedAtTheNextSession()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false);
            rig.NextBoot();
            DiscoveredDevice updated = DiscoveryDevices.BatterySensor();
            updated.FirmwareVersion = "0.4.0";
            Assert.IsTrue(rig.Publisher.Update(rig.Context, updated, false));
            rig.NextBoot();
            DiscoveredDevice stretched = DiscoveryDevices.BatterySensor();
            stretched.FirmwareVersion = "0.4.0";
            stretched.ExpireAfterSeconds = 19830;
            Assert.IsTrue(rig.Publisher.Update(rig.Context, stretched, false));

            string last;
            Assert.AreEqual(3, rig.CountOn(Topic, out last), rig.Log());
            Assert.AreEqual("0.4.0", JsonQuery.Value(last, "dev/sw"));
            Assert.AreEqual("19830", JsonQuery.Value(last, "cmps/temperature/exp_aft"));
        }

        [TestMethod]
        public void AnUnchangedDiscoveryIsPublishedAgainOnlyWhenAskedHoweverOld()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false);
            rig.Board.Clock.UptimeMilliseconds += 30L * 86400 * 1000;
            rig.NextBoot();
            Assert.IsTrue(rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false), rig.Publisher.LastError);
            string last;
            Assert.AreEqual(1, rig.CountOn(Topic, out last), "a month later, still the one publish");

            rig.NextBoot();
            Assert.IsTrue(rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), true), rig.Publisher.LastError);
            Assert.AreEqual(2, rig.CountOn(Topic, out last), "asked for (a mains device's new connection)");
        }

        [TestMethod]
        public void TurningDiscoveryOffRemovesItWithAnEmptyRetainedMessageOnce()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false);
            rig.NextBoot();
            Assert.IsTrue(rig.Publisher.Update(rig.Context, null, false));
            rig.NextBoot();
            Assert.IsTrue(rig.Publisher.Update(rig.Context, null, false));

            Assert.AreEqual(2, rig.Mqtt.PublishedCount, rig.Log());
            PublishedMessage removal = rig.Mqtt.GetPublished(1);
            Assert.AreEqual(Topic, removal.Topic);
            Assert.AreEqual(0, removal.Payload.Length);
            Assert.IsTrue(removal.Retain);
            Assert.IsFalse(rig.Publisher.Record.Published);
        }

        [TestMethod]
        public void ANewDeviceIdRemovesTheOldDiscoveryAndItsRetainedStatusAndStateThenPublishesTheNewOne()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false);
            rig.NextBoot();
            DiscoveredDevice renamed = DiscoveryDevices.Describe("homeassistant", "sensors", "pantry", FakeSensor.Climate());
            Assert.IsTrue(rig.Publisher.Update(rig.Context, renamed, false), rig.Publisher.LastError);

            Assert.AreEqual(5, rig.Mqtt.PublishedCount, rig.Log());
            AssertCleared(rig.Mqtt.GetPublished(1), Topic);
            AssertCleared(rig.Mqtt.GetPublished(2), "sensors/kitchen/status");
            AssertCleared(rig.Mqtt.GetPublished(3), "sensors/kitchen/state");
            Assert.AreEqual("homeassistant/device/pantry/config", rig.Mqtt.GetPublished(4).Topic);
            Assert.IsTrue(rig.Publisher.Record.Describes("homeassistant", "pantry"));
        }

        [TestMethod]
        public void ANewDiscoveryPrefixMovesTheDiscoveryAndLeavesTheDevicesTopicsAlone()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false);
            rig.NextBoot();
            DiscoveredDevice moved = DiscoveryDevices.Describe("ha", "sensors", "kitchen", FakeSensor.Climate());
            Assert.IsTrue(rig.Publisher.Update(rig.Context, moved, false));

            Assert.AreEqual(3, rig.Mqtt.PublishedCount, rig.Log());
            AssertCleared(rig.Mqtt.GetPublished(1), Topic);
            Assert.AreEqual("ha/device/kitchen/config", rig.Mqtt.GetPublished(2).Topic);
        }

        [TestMethod]
        public void AfterAFactoryResetTheDiscoveryIsRemovedBeforeItIsPublishedAgain()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false);
            rig.Storage.FactoryReset();
            rig.Publisher.Record.KeepForRemoval(rig.Storage.State);
            rig.Storage.State.Sync();
            rig.NextBoot();
            Assert.IsTrue(rig.Publisher.Record.RemovalPending);

            Assert.IsTrue(rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false));
            Assert.AreEqual(3, rig.Mqtt.PublishedCount, rig.Log());
            AssertCleared(rig.Mqtt.GetPublished(1), Topic);
            Assert.AreEqual(Topic, rig.Mqtt.GetPublished(2).Topic, "a new device in Home Assistant, as after any factory reset");
            Assert.IsTrue(rig.Mqtt.GetPublished(2).Payload.Length > 0);
        }

        [TestMethod]
        public void RemoveClearsTheDiscoveryAndIsDoneOnce()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            Assert.IsTrue(rig.Publisher.Remove(rig.Context), "nothing published, nothing to remove");
            Assert.AreEqual(0, rig.Mqtt.PublishedCount);

            rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false);
            Assert.IsTrue(rig.Publisher.Remove(rig.Context));
            Assert.IsTrue(rig.Publisher.Remove(rig.Context));
            Assert.AreEqual(2, rig.Mqtt.PublishedCount, rig.Log());
            AssertCleared(rig.Mqtt.GetPublished(1), Topic);
            Assert.AreEqual(1, rig.Publisher.Removals);
        }

        [TestMethod]
        public void APublishTheBrokerDidNotAcknowledgeIsNotRecordedAndIsTriedAgain()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            rig.Mqtt.LoseAcknowledgementsOn(Topic, 1);
            Assert.IsFalse(rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false));
            Assert.IsNotNull(rig.Publisher.LastError);
            Assert.IsTrue(TestText.IndexOf(rig.Publisher.LastError, Topic) >= 0, rig.Publisher.LastError);
            Assert.IsFalse(rig.Publisher.Record.Published);

            rig.NextBoot();
            Assert.IsTrue(rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false));
            string last;
            Assert.AreEqual(2, rig.CountOn(Topic, out last), rig.Log());
            Assert.IsTrue(rig.Publisher.Record.Published);
        }

        [TestMethod]
        public void AFailedRemovalIsKeptAndDoneAtTheNextSession()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            rig.Publisher.Update(rig.Context, DiscoveryDevices.BatterySensor(), false);
            rig.Mqtt.LoseAcknowledgementsOn(Topic, 1);
            Assert.IsFalse(rig.Publisher.Update(rig.Context, null, false));
            rig.NextBoot();
            Assert.IsTrue(rig.Publisher.Record.Published, "still to remove");
            Assert.IsTrue(rig.Publisher.Update(rig.Context, null, false));
            rig.NextBoot();
            Assert.IsFalse(rig.Publisher.Record.Published);
        }

        [TestMethod]
        public void APayloadLargerThanTheBufferIsRefusedWithAReason()
        {
            DiscoverySessionRig rig = new DiscoverySessionRig();
            DiscoveryPublisher small = new DiscoveryPublisher(new DiscoveryRecord(), new byte[512]);
            Assert.IsFalse(small.Update(rig.Context, DiscoveryDevices.BatterySensor(), false));
            Assert.AreEqual("the discovery payload does not fit in 512 bytes", small.LastError);
            Assert.AreEqual(0, rig.Mqtt.PublishedCount);
        }

        private static void AssertCleared(PublishedMessage message, string topic)
        {
            Assert.AreEqual(topic, message.Topic);
            Assert.AreEqual(0, message.Payload.Length, "an empty payload");
            Assert.IsTrue(message.Retain, "retained: the broker drops the retained message");
        }
    }
}
