using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Power;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The store phase: the reading is committed to the flash log, or lost alone when the flash fails.</summary>
    [TestClass]
    public class StorePhaseTests
    {
        [TestMethod]
        public void TheReadingIsCommittedToFlashAndItsOperationsCharged()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.Boot();
            new SamplePhase().Run(context);

            new StorePhase().Run(context);

            DeviceStorage next = rig.StorageInFlash();
            Assert.AreEqual(1L, next.Log.Held, "the next boot finds it");
            Assert.AreEqual(2L, next.Log.NextSequence);
            Assert.AreEqual(1L, context.Reading.Sequence);
            Assert.AreEqual(1L, context.Ledger.Readings);
            Assert.IsTrue(context.Ledger.Microseconds(PowerPhase.FlashProgram) > 0);
        }

        [TestMethod]
        public void AFailingFlashLosesThisReadingOnlyAndSaysSo()
        {
            DeviceRig rig = new DeviceRig("d");
            PowerCutFlash flash = new PowerCutFlash(rig.Flash);
            rig.Platform.Flash = flash;
            WakeContext context = rig.Boot();
            new SamplePhase().Run(context);
            flash.FailAt = flash.Operations + 1;

            new StorePhase().Run(context);

            Assert.IsTrue(rig.Log.Contains("reading not stored: no power"));
            flash.PowerOn();
            Assert.AreEqual(0L, rig.StorageInFlash().Log.Held);
            Assert.AreEqual(1L, context.Ledger.Readings, "the reading was taken, and counted");
        }
    }
}
