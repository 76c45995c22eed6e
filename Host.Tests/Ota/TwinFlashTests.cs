using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using Firmware.Boot;
using Firmware.Device;
using Firmware.Host.Boot;
using Firmware.Host.Hardware;
using Firmware.Host.Tests.Support;
using Firmware.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// The twin's flash is kept between runs: its factory image follows the twin's build (as a Visual Studio deploy
    /// replaces the application), an image installed over the air stays, and the OTA partitions leave the storage's
    /// alone.
    /// </summary>
    [TestClass]
    public sealed class TwinFlashTests
    {
        [TestMethod]
        public void AKeptFlashGetsThisRunsFactoryImageButKeepsAnImageInstalledOverTheAir()
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(global::Firmware.Host.Twin.FlashSize);
            byte[] earlier = FirmwareBuilds.Bundle("0.0.9", 1);
            using (TwinDevice first = Device(flash, earlier))
            {
                Assert.AreEqual("0.0.9", Active(first, out _));
            }

            byte[] own = HostLoader.FactoryBundle();
            using (TwinDevice second = Device(flash, null))
            {
                Assert.AreEqual(RunningFirmware.BuildVersion, Active(second, out SlotDescriptor factory));
                Assert.IsTrue(factory.Factory);
                CollectionAssert.AreEqual(SHA256.HashData(own), factory.ImageSha256, "this build's factory image replaced the earlier one");

                // An update to 2.0.0 installed and confirmed over the air.
                SlotStaging.StagePending(second.Slots, FirmwareBuilds.Bundle("2.0.0", 1));
                second.Slots.BeginBoot(WakeCause.Reboot);
                second.Slots.Confirm();
            }

            using (TwinDevice third = Device(flash, null))
            {
                Assert.AreEqual("2.0.0", Active(third, out SlotDescriptor updated), "the update survives the next run");
                Assert.IsFalse(updated.Factory);
            }
        }

        [TestMethod]
        public void TheSlotsAreTheStorageLayoutsOwnPartitions()
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(global::Firmware.Host.Twin.FlashSize);
            using TwinDevice device = Device(flash, null);

            Assert.AreEqual(0, device.Layout.BootControl.FirstSector);
            Assert.AreEqual(2, device.Layout.SlotA.FirstSector);
            Assert.AreEqual(128, device.Layout.SlotA.SectorCount);
            Assert.AreEqual(device.Layout.SlotA.FirstSector + 128, device.Layout.SlotB.FirstSector);
            Assert.AreEqual(device.Layout.SlotB.FirstSector + 128, device.Layout.State.FirstSector);
            byte[] log = new byte[device.Layout.Log.Size];
            device.Layout.Log.Read(0, log, 0, log.Length);
            Assert.IsTrue(Array.TrueForAll(log, b => b == 0xFF), "installing the factory image wrote nothing in the log's sectors");
            Assert.IsTrue(device.Layout.SlotA.Size - device.Layout.SlotA.SectorSize >= HostLoader.FactoryBundle().Length, "the twin's own build fits a slot");
        }

        private static TwinDevice Device(SimulatedNorFlash flash, byte[] factoryBundle)
        {
            TwinOptions options = new TwinOptions { Quiet = true, FactoryBundle = factoryBundle };
            return new TwinDevice(options, new VirtualClock(1e6, CancellationToken.None), flash, "flash-test", Array.Empty<byte>(), TextWriter.Null, CancellationToken.None);
        }

        private static string Active(TwinDevice device, out SlotDescriptor descriptor)
        {
            BootControlRecord record = new BootControlRecord();
            descriptor = new SlotDescriptor();
            Assert.IsTrue(device.Slots.ReadRecord(record), "boot control holds a record");
            Assert.IsTrue(device.Slots.ReadDescriptor(record.ActiveSlot, descriptor), "the active slot holds an image");
            return descriptor.VersionText;
        }
    }
}
