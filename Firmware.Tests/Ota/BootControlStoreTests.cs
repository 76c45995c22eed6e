using Firmware.Boot;
using Firmware.Storage;
using Firmware.Tests.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>Boot control in flash (<see cref="BootControlStore"/>): the fields and the updater's record written as one, read once per boot.</summary>
    [TestClass]
    public class BootControlStoreTests
    {
        private const int SectorSize = 2048;

        [TestMethod]
        public void WithoutARecordNothingLoadsAndTheUpdaterHasNoRecordToWrite()
        {
            BootControlStore store = new BootControlStore(new RamFlash(SectorSize, 2), 1024, new BootState());
            Assert.IsFalse(store.Load());
            Assert.IsFalse(store.ReadInto(new BootControlRecord()));
            Assert.AreEqual(-1, store.ReadUpdater(new byte[1024], 0));
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => store.WriteUpdater(new byte[4], 0, 4));
        }

        [TestMethod]
        public void TheFieldsAndTheUpdaterRecordAreWrittenAndReadTogether()
        {
            RamFlash flash = new RamFlash(SectorSize, 2);
            BootState state = new BootState();
            BootControlStore store = new BootControlStore(flash, 1024, state);
            BootTransitions.Provision(store.Record, 4);
            store.Write();
            Assert.AreEqual(4L, state.Record.MinimumSecurityCounter, "the boot state holds a copy");
            store.WriteUpdater(TestBytes.Pattern(300), 0, 300);

            BootState nextState = new BootState();
            BootControlStore next = new BootControlStore(flash, 1024, nextState);
            Assert.IsTrue(next.Load());
            Assert.AreEqual(0, next.Record.ActiveSlot);
            Assert.IsTrue(next.Record.Confirmed);
            Assert.AreEqual(4L, nextState.Record.MinimumSecurityCounter);
            byte[] updater = new byte[1024];
            Assert.AreEqual(300, next.ReadUpdater(updater, 0));
            Assert.AreEqual(TestBytes.Pattern(300)[299], updater[299]);

            // A change of the fields keeps the updater's record.
            next.Record.PendingSlot = 1;
            next.Write();
            BootControlStore third = new BootControlStore(flash, 1024, new BootState());
            Assert.AreEqual(300, third.ReadUpdater(updater, 0));
            Assert.AreEqual(1, third.Record.PendingSlot);
        }

        [TestMethod]
        public void LoadKeepsWhatItReadAndReloadReadsTheFlashAgain()
        {
            RamFlash flash = new RamFlash(SectorSize, 2);
            BootControlStore first = new BootControlStore(flash, 1024, new BootState());
            BootTransitions.Provision(first.Record, 1);
            first.Write();
            BootControlStore second = new BootControlStore(flash, 1024, new BootState());
            Assert.IsTrue(second.Load());
            second.Record.MinimumSecurityCounter = 7;
            second.Write();

            Assert.IsTrue(first.Load());
            Assert.AreEqual(1L, first.Record.MinimumSecurityCounter, "read once per boot");
            BootControlRecord fresh = new BootControlRecord();
            Assert.IsTrue(first.ReadInto(fresh));
            Assert.AreEqual(7L, fresh.MinimumSecurityCounter);
            Assert.AreEqual(1L, first.Record.MinimumSecurityCounter, "reading into another record changes nothing here");

            Assert.IsTrue(first.Reload());
            Assert.AreEqual(7L, first.Record.MinimumSecurityCounter);
        }

        [TestMethod]
        public void TheUpdaterRecordIsBoundedByItsSectorAndClearedAtProvisioning()
        {
            Assert.AreEqual(1024, new BootControlStore(new RamFlash(SectorSize, 2), 1024, new BootState()).UpdaterCapacity);
            Assert.AreEqual(SectorSize - 16 - BootControlRecord.EncodedSize, new BootControlStore(new RamFlash(SectorSize, 2), 4096, new BootState()).UpdaterCapacity, "the frame and the fields share the sector");

            RamFlash flash = new RamFlash(SectorSize, 2);
            BootControlStore store = new BootControlStore(flash, 64, new BootState());
            BootTransitions.Provision(store.Record, 1);
            store.Write();
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => store.WriteUpdater(new byte[65], 0, 65));
            store.WriteUpdater(new byte[] { 1, 2, 3 }, 0, 3);

            store.ClearUpdater();
            store.Write();

            Assert.AreEqual(-1, new BootControlStore(flash, 64, new BootState()).ReadUpdater(new byte[64], 0));
        }
    }
}
