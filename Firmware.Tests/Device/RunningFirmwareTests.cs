using Firmware.Boot;
using Firmware.Device;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using Firmware.Tests.Ota;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>
    /// The firmware's version has one source: the running bundle's, as the loader's slots hold it; on a target without
    /// slots, the build's own (Firmware.Device's assembly version, which `ota bundle` writes into a bundle).
    /// </summary>
    [TestClass]
    public class RunningFirmwareTests
    {
        [TestMethod]
        public void TheVersionIsTheRunningSlotsWhereTheLoaderHandsOverSlots()
        {
            OtaRig rig = new OtaRig();
            Platform platform = new Platform();
            platform.Log = rig.Log;
            platform.Slots = rig.Slots;
            Assert.AreEqual("1.0.0", RunningFirmware.Version(platform), "the factory image in slot 0");

            rig.StageV2AndReboot();
            platform.Slots = rig.Slots;
            Assert.AreEqual("2.0.0", RunningFirmware.Version(platform), "the image on trial in slot 1");
        }

        [TestMethod]
        public void WithoutSlotsTheVersionIsTheBuildsOwn()
        {
            Platform platform = new Platform();
            platform.Log = new FakeLog();

            Assert.AreEqual(RunningFirmware.BuildVersion, RunningFirmware.Version(platform));

            System.Version v = typeof(DeviceLoop).Assembly.GetName().Version;
            Assert.AreEqual(v.Major.ToString() + "." + v.Minor.ToString() + "." + v.Build.ToString(), RunningFirmware.BuildVersion);
            Assert.AreNotEqual("0.0.0", RunningFirmware.BuildVersion, "the build carries its version");
        }

        [TestMethod]
        public void SlotsThatNameNoRunningImageFallBackToTheBuildsVersion()
        {
            OtaRig rig = new OtaRig();
            rig.Slots.State.RunningSlot = BootControlRecord.NoSlot;
            Platform platform = new Platform();
            platform.Log = rig.Log;
            platform.Slots = rig.Slots;

            Assert.AreEqual(RunningFirmware.BuildVersion, RunningFirmware.Version(platform));
        }
    }
}
