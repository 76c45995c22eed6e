using Firmware.Device;
using Firmware.Power;
using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>What a battery wake leaves the next: the ledger, the backoff and the schedule, in two banks of state records.</summary>
    [TestClass]
    public class WakeStateTests
    {
        [TestMethod]
        public void RoundTripsThroughTheStateStore()
        {
            StateStore store = Store(new RamFlash(4096, 2));
            WakeState saved = New();
            saved.Ledger.AddWake();
            saved.Ledger.Add(PowerPhase.DeepSleep, 298000);
            saved.Ledger.Add(PowerPhase.WifiConnect, 2000);
            saved.Ledger.CountReadings(1);
            saved.Backoff.Failed(new Fakes.FakeRandom(3));
            saved.Backoff.Failed(new Fakes.FakeRandom(3));
            saved.WakesUntilRadio = 7;
            saved.LastSleepMilliseconds = 297500;
            saved.WrittenAtBoot = 41;
            saved.LastTimeSyncSeconds = 1764151500;
            saved.AlarmActive = true;
            saved.RadioAtNextWake = true;
            saved.GasReadingsSkipped = true;
            saved.Save(store);

            WakeState loaded = New();
            Assert.IsTrue(loaded.Load(store), loaded.Error);
            Assert.AreEqual(saved.Ledger.TotalChargeNanoampMilliseconds, loaded.Ledger.TotalChargeNanoampMilliseconds);
            Assert.AreEqual(1L, loaded.Ledger.Wakes);
            Assert.AreEqual(2, loaded.Backoff.Failures);
            Assert.AreEqual(7, loaded.WakesUntilRadio);
            Assert.AreEqual(297500L, loaded.LastSleepMilliseconds);
            Assert.AreEqual(41L, loaded.WrittenAtBoot);
            Assert.AreEqual(1764151500L, loaded.LastTimeSyncSeconds);
            Assert.IsTrue(loaded.AlarmActive);
            Assert.IsTrue(loaded.RadioAtNextWake);
            Assert.IsTrue(loaded.GasReadingsSkipped);
            Assert.IsFalse(loaded.RebootRequested);
        }

        [TestMethod]
        public void ALedgerOfYearsStillFits()
        {
            StateStore store = Store(new RamFlash(4096, 2));
            WakeState saved = New();
            for (int day = 0; day < 3650; day++)
            {
                saved.Ledger.Add(PowerPhase.DeepSleep, 86000000);
                saved.Ledger.Add(PowerPhase.Boot, 432000);
                saved.Ledger.Add(PowerPhase.WifiConnect, 48000);
                saved.Ledger.Add(PowerPhase.RadioReceive, 12000);
                saved.Ledger.AddMicroseconds(PowerPhase.FlashProgram, 403200);
                saved.Ledger.CountReadings(288);
            }

            saved.Save(store);
            WakeState loaded = New();
            Assert.IsTrue(loaded.Load(store), loaded.Error);
            Assert.AreEqual(saved.Ledger.TotalChargeNanoampMilliseconds, loaded.Ledger.TotalChargeNanoampMilliseconds);
        }

        [TestMethod]
        public void AWriteCutBetweenItsRecordsLeavesThePreviousState()
        {
            RamFlash flash = new RamFlash(4096, 2);
            StateStore store = Store(flash);
            WakeState first = New();
            first.WakesUntilRadio = 3;
            first.Ledger.Add(PowerPhase.DeepSleep, 300000);
            first.Save(store);

            // The next generation is cut after its first record: its bank is incomplete.
            Fakes.CuttingFlash cutting = new Fakes.CuttingFlash(flash, 2);
            StateStore cutStore = Store(cutting);
            WakeState second = New();
            Assert.IsTrue(second.Load(cutStore));
            second.WakesUntilRadio = 9;
            for (int i = 0; i < 400; i++)
            {
                second.Ledger.Add(PowerPhase.Boot, 1500);
                second.Ledger.Add(PowerPhase.RadioTransmit, 3);
            }

            bool cut = false;
            try
            {
                second.Save(cutStore);
            }
            catch (System.IO.IOException)
            {
                cut = true;
            }

            Assert.IsTrue(cut);
            WakeState loaded = New();
            Assert.IsTrue(loaded.Load(Store(flash)), loaded.Error);
            Assert.AreEqual(3, loaded.WakesUntilRadio);
        }

        [TestMethod]
        public void NothingStoredIsReportedAndChangesNothing()
        {
            WakeState state = New();
            state.WakesUntilRadio = 5;
            Assert.IsFalse(state.Load(Store(new RamFlash(4096, 2))));
            Assert.AreEqual("no wake state stored", state.Error);
            Assert.AreEqual(5, state.WakesUntilRadio);
        }

        private static WakeState New()
        {
            return new WakeState(new EnergyLedger(BoardProfile.Esp32WroomTwoAa()), new Backoff(60000, 3600000));
        }

        private static StateStore Store(Firmware.Ports.IFlash flash)
        {
            StateStore store = new StateStore(flash);
            store.Mount();
            return store;
        }
    }
}
