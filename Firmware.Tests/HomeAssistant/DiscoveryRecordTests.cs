using Firmware.HomeAssistant;
using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.HomeAssistant
{
    /// <summary>What the device remembers of its published discovery (<see cref="DiscoveryRecord"/>), across boots and a factory reset.</summary>
    [TestClass]
    public class DiscoveryRecordTests
    {
        [TestMethod]
        public void NothingRecordedIsNothingPublished()
        {
            DiscoveryRecord record = Loaded(new RamFlash(4096, 32));
            Assert.IsFalse(record.Published);
            Assert.IsFalse(record.RemovalPending);
            Assert.AreEqual(string.Empty, record.DeviceId);
        }

        [TestMethod]
        public void WhatWasPublishedIsReadBackByTheNextBoot()
        {
            RamFlash flash = new RamFlash(4096, 32);
            DeviceStorage storage = Mounted(flash);
            DiscoveryRecord record = new DiscoveryRecord();
            record.Load(storage.State);
            record.Remember(storage.State, DiscoveryDevices.BatterySensor(), 0xCAFEF00D, 2797);
            storage.State.Sync();

            DiscoveryRecord next = Loaded(flash);
            Assert.IsTrue(next.Published);
            Assert.IsFalse(next.RemovalPending);
            Assert.IsTrue(next.Holds(0xCAFEF00D, 2797));
            Assert.IsFalse(next.Holds(0xCAFEF00D, 2798));
            Assert.AreEqual("homeassistant", next.DiscoveryPrefix);
            Assert.AreEqual("sensors", next.TopicPrefix);
            Assert.AreEqual("kitchen", next.DeviceId);
            Assert.IsTrue(next.Describes("homeassistant", "kitchen"));
            Assert.IsFalse(next.Describes("ha", "kitchen"));
            Assert.IsFalse(next.Describes("homeassistant", "pantry"));
        }

        [TestMethod]
        public void ADiscoveryRemovedIsForgotten()
        {
            RamFlash flash = new RamFlash(4096, 32);
            DeviceStorage storage = Mounted(flash);
            DiscoveryRecord record = new DiscoveryRecord();
            record.Remember(storage.State, DiscoveryDevices.BatterySensor(), 1, 2);
            record.Forget(storage.State);
            storage.State.Sync();
            Assert.IsFalse(Loaded(flash).Published);
        }

        [TestMethod]
        public void AFactoryResetKeepsThePublishedDiscoveryMarkedForRemovalAndNothingElse()
        {
            RamFlash flash = new RamFlash(4096, 32);
            DeviceStorage storage = Mounted(flash);
            DiscoveryRecord record = new DiscoveryRecord();
            record.Remember(storage.State, DiscoveryDevices.BatterySensor(), 7, 8);
            storage.State.Write(StateKeys.ThermostatSettings, 1, new byte[] { 1, 2, 3 }, 0, 3);
            storage.State.Sync();

            storage.FactoryReset();
            record.KeepForRemoval(storage.State);
            storage.State.Sync();

            DiscoveryRecord next = Loaded(flash);
            Assert.IsTrue(next.Published);
            Assert.IsTrue(next.RemovalPending);
            Assert.AreEqual("kitchen", next.DeviceId);
            int version;
            Assert.AreEqual(-1, storage.State.Read(StateKeys.ThermostatSettings, new byte[8], 0, out version), "the rest of the state is erased");
        }

        [TestMethod]
        public void AFactoryResetWithNothingPublishedWritesNothing()
        {
            RamFlash flash = new RamFlash(4096, 32);
            DeviceStorage storage = Mounted(flash);
            DiscoveryRecord record = new DiscoveryRecord();
            storage.FactoryReset();
            record.KeepForRemoval(storage.State);
            storage.State.Sync();
            int version;
            Assert.AreEqual(-1, storage.State.Read(StateKeys.HomeAssistantDiscovery, new byte[64], 0, out version));
            Assert.IsFalse(Loaded(flash).Published);
        }

        [TestMethod]
        public void ATopicPrefixTooLongToKeepIsDroppedButTheDiscoveryIsStillRecorded()
        {
            RamFlash flash = new RamFlash(4096, 32);
            DeviceStorage storage = Mounted(flash);
            char[] wide = new char[64];
            for (int i = 0; i < wide.Length; i++)
            {
                wide[i] = '€';
            }

            DiscoveredDevice device = DiscoveryDevices.Describe("homeassistant", new string(wide), "kitchen", Fakes.FakeSensor.Climate());
            DiscoveryRecord record = new DiscoveryRecord();
            record.Remember(storage.State, device, 3, 4);
            storage.State.Sync();

            DiscoveryRecord next = Loaded(flash);
            Assert.IsTrue(next.Published);
            Assert.AreEqual(string.Empty, next.TopicPrefix, "192 bytes of UTF-8 do not fit beside the rest");
            Assert.AreEqual("kitchen", next.DeviceId);
            Assert.AreEqual("homeassistant", next.DiscoveryPrefix);
        }

        [TestMethod]
        public void TheLongestDiscoveryPrefixAndDeviceIdTheConfigurationAllowsAreRecordedWithATopicPrefix()
        {
            RamFlash flash = new RamFlash(4096, 32);
            DeviceStorage storage = Mounted(flash);
            string prefix = new string('h', 64);
            string id = new string('i', 32);
            DiscoveredDevice device = DiscoveryDevices.Describe(prefix, "sensors/floor-2", id, Fakes.FakeSensor.Climate());
            DiscoveryRecord record = new DiscoveryRecord();
            record.Remember(storage.State, device, 3, 4);
            storage.State.Sync();

            DiscoveryRecord next = Loaded(flash);
            Assert.IsTrue(next.Describes(prefix, id));
            Assert.AreEqual("sensors/floor-2", next.TopicPrefix);
        }

        private static DeviceStorage Mounted(RamFlash flash)
        {
            DeviceStorage storage = new DeviceStorage(flash);
            storage.State.Mount();
            return storage;
        }

        /// <summary>The record as the next boot reads it: from the flash, through a storage mounted afresh.</summary>
        private static DiscoveryRecord Loaded(RamFlash flash)
        {
            DiscoveryRecord record = new DiscoveryRecord();
            record.Load(Mounted(flash).State);
            return record;
        }
    }
}
