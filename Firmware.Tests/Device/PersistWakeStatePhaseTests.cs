using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Power;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The end of a battery wake's work: what the host could not time charged, the sleep fixed, the wake state committed.</summary>
    [TestClass]
    public class PersistWakeStatePhaseTests
    {
        [TestMethod]
        public void TheWakeStateIsCommittedForTheNextBoot()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.Boot();
            context.State.WakesUntilRadio = 7;
            rig.Clock.UptimeMilliseconds += 2000;

            new PersistWakeStatePhase().Run(context);

            Assert.AreEqual(296500L, context.SleepMilliseconds, "five minutes less the wake and the board's boot");
            WakeState next = rig.WakeStateInFlash();
            Assert.IsNotNull(next);
            Assert.AreEqual(7, next.WakesUntilRadio);
            Assert.AreEqual(296500L, next.LastSleepMilliseconds, "the next boot accounts this sleep");
            Assert.AreEqual(1L, next.WrittenAtBoot);
            Assert.IsFalse(next.RebootRequested);
            Assert.AreEqual(1L, next.Ledger.Wakes);
            Assert.AreEqual(2000000L, next.Ledger.Microseconds(PowerPhase.CpuActive), "the wake's two seconds of CPU");
        }

        [TestMethod]
        public void TheCpuIsChargedAtLeastTheTypicalWakeAndAnOverrunSkipsASlot()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.Boot();
            new PersistWakeStatePhase().Run(context);
            Assert.AreEqual(WakeContext.MinimumCpuMillisecondsPerWake * 1000L, rig.WakeStateInFlash().Ledger.Microseconds(PowerPhase.CpuActive));

            rig.Clock.UptimeMilliseconds += 310000;
            new PersistWakeStatePhase().Run(context);
            Assert.AreEqual(288500L, context.SleepMilliseconds, "the next slot but one: 600 s less 310 s awake and 1.5 s of boot");
        }

        [TestMethod]
        public void AWakeEndingInARebootAsksForNoSleepAndSaysItWasAskedFor()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.Boot();
            context.RequestReboot();

            new PersistWakeStatePhase().Run(context);

            WakeState next = rig.WakeStateInFlash();
            Assert.AreEqual(-1L, next.LastSleepMilliseconds);
            Assert.IsTrue(next.RebootRequested);
        }
    }
}
