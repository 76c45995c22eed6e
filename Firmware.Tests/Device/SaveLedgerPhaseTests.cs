using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>Mains: the wake state (the ledger above all) is saved once an hour, not at every sample.</summary>
    [TestClass]
    public class SaveLedgerPhaseTests
    {
        [TestMethod]
        public void TheStateIsSavedOnceAnHour()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            WakeContext context = rig.Boot();
            SaveLedgerPhase phase = new SaveLedgerPhase();

            rig.Clock.UptimeMilliseconds = SaveLedgerPhase.IntervalMilliseconds - 1;
            phase.Run(context);
            Assert.IsNull(rig.WakeStateInFlash(), "not yet");

            rig.Clock.UptimeMilliseconds = SaveLedgerPhase.IntervalMilliseconds;
            context.State.WakesUntilRadio = 3;
            phase.Run(context);
            Assert.AreEqual(3, rig.WakeStateInFlash().WakesUntilRadio);
            Assert.AreEqual(SaveLedgerPhase.IntervalMilliseconds, context.StateSavedAt);
            Assert.AreEqual(SaveLedgerPhase.IntervalMilliseconds * 1000, rig.WakeStateInFlash().Ledger.Microseconds(Firmware.Power.PowerPhase.CpuActive));

            rig.Clock.UptimeMilliseconds += 60000;
            context.State.WakesUntilRadio = 4;
            phase.Run(context);
            Assert.AreEqual(3, rig.WakeStateInFlash().WakesUntilRadio, "the next save is an hour after this one");
        }
    }
}
