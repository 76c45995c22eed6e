using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>How a battery wake ends: deep sleep until the next sample slot, or the reboot asked for.</summary>
    [TestClass]
    public class SleepPhaseTests
    {
        [TestMethod]
        public void TheWakeSleepsUntilTheNextSampleSlot()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.Boot();
            rig.Clock.UptimeMilliseconds += 800;
            new PersistWakeStatePhase().Run(context);

            new SleepPhase().Run(context);

            Assert.AreEqual(297700L, rig.Power.RequestedSleep);
            Assert.IsFalse(rig.Power.Rebooted);
        }

        [TestMethod]
        public void AWakeThatAskedForARebootReboots()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.Boot();
            context.RequestReboot();

            new SleepPhase().Run(context);

            Assert.IsTrue(rig.Power.Rebooted);
            Assert.AreEqual(-1L, rig.Power.RequestedSleep);
        }
    }
}
