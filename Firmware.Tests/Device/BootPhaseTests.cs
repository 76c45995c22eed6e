using Firmware.Device;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The boot phase: the wake state the last wake left, why this boot happened, and the ledger's account of what came before.</summary>
    [TestClass]
    public class BootPhaseTests
    {
        [TestMethod]
        public void ATimerWakeAccountsTheSleepTheLastWakeAskedForAndKeepsItsCountdown()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Wake();
            long slept = rig.Power.RequestedSleep;
            int countdown = rig.WakeStateInFlash().WakesUntilRadio;

            WakeContext context = rig.Boot();

            Assert.AreEqual(WakeReason.Timer, context.WakeReasonText);
            Assert.AreEqual(slept * 1000, context.Ledger.Microseconds(PowerPhase.DeepSleep));
            Assert.AreEqual(2L, context.Ledger.Wakes);
            Assert.AreEqual(countdown, context.State.WakesUntilRadio);
            Assert.IsTrue(countdown > 1, "the first wake's session planned the next: " + countdown.ToString());
            Assert.IsFalse(context.PreviousWakeUnfinished);
        }

        [TestMethod]
        public void APowerOnOnBatteryStartsANewLedgerAndReportsInAtOnce()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Wakes(3);
            rig.PowerCycle();

            WakeContext context = rig.Boot();

            Assert.AreEqual(WakeReason.PowerOn, context.WakeReasonText);
            Assert.AreEqual(1L, context.Ledger.Wakes, "a new battery");
            Assert.AreEqual(0L, context.Ledger.Microseconds(PowerPhase.DeepSleep));
            Assert.AreEqual(0, context.State.WakesUntilRadio, "the radio is due at this wake");
        }

        [TestMethod]
        public void APowerOnOnBatteryTakesGasReadingsAgain()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Platform.Battery = new FakeBattery(2300, 20);
            rig.Wake();
            Assert.IsTrue(rig.WakeStateInFlash().GasReadingsSkipped, "the low battery's plan was saved");
            rig.PowerCycle();

            WakeContext context = rig.Boot();

            Assert.IsFalse(context.State.GasReadingsSkipped, "a new battery");
        }

        [TestMethod]
        public void AWakeThatDidNotSaveItsStateIsReportedByTheNextBoot()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Wake();
            rig.Boot();

            WakeContext context = rig.Boot();

            Assert.IsTrue(context.PreviousWakeUnfinished, "boot 2 ran no wake and saved nothing");
            Assert.AreEqual(3L, context.Storage.Boot.Boots);
        }

        [TestMethod]
        public void ARebootAskedForIsAReboot()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Wake();
            rig.Boot().RequestReboot();
            new Firmware.Device.Phases.PersistWakeStatePhase().Run(rig.Last);
            rig.Clock.Reboot();
            rig.Power.WakeCause = WakeCause.PowerOn;

            WakeContext context = rig.Boot();

            Assert.AreEqual(WakeReason.Reboot, context.WakeReasonText, "ESP32 calls it a power-on; the wake state says it was asked for");
            Assert.AreEqual(0, context.State.WakesUntilRadio, "a reboot reports in at once");
            Assert.IsTrue(context.Ledger.Wakes > 1, "a reboot is not a new battery");
        }

        [TestMethod]
        public void TheLoadersBundleLoadAndTheBootsCpuTimeAreCharged()
        {
            DeviceRig rig = new DeviceRig("d");
            Firmware.Tests.Ota.OtaRig ota = new Firmware.Tests.Ota.OtaRig();
            ota.Slots.State.LoadMilliseconds = 120;
            rig.Platform.Slots = ota.Slots;
            rig.Clock.UptimeMilliseconds = 40;

            WakeContext context = rig.Boot();
            rig.Clock.UptimeMilliseconds = 70;
            context.Ledger.End(rig.Clock.UptimeMilliseconds);

            Assert.AreEqual(120000L, context.Ledger.Microseconds(PowerPhase.BundleLoad));
            Assert.AreEqual(30000L, context.Ledger.Microseconds(PowerPhase.CpuActive), "the CPU phase is open from the boot on");
        }
    }
}
