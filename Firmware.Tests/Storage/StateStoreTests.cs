using Firmware.Power;
using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class StateStoreTests
    {
        [TestMethod]
        public void ReadsTheNewestValueOfEachKey()
        {
            StateStore store = Mounted(new RamFlash(1024, 2));
            store.Write(1, 1, new byte[] { 1, 2, 3 }, 0, 3);
            store.Write(2, 4, new byte[] { 9 }, 0, 1);
            store.Write(1, 2, new byte[] { 7, 7 }, 0, 2);
            byte[] buffer = new byte[64];
            int version;

            Assert.AreEqual(2, store.Read(1, buffer, 0, out version));
            Assert.AreEqual(2, version);
            Assert.AreEqual((byte)7, buffer[1]);
            Assert.AreEqual(1, store.Read(2, buffer, 0, out version));
            Assert.AreEqual(4, version);
            Assert.AreEqual(-1, store.Read(3, buffer, 0, out version));
        }

        [TestMethod]
        public void EveryKeyTheFirmwareUsesFitsTheStoreOfADevicesFlash()
        {
            // The state store's two sectors on the device and the twin are 4 KiB each.
            RamFlash flash = new RamFlash(4096, 2);
            StateStore store = Mounted(flash);
            Assert.IsTrue(StateKeys.MostInUse <= store.MaxKeys, StateKeys.MostInUse.ToString() + " keys in use, room for " + store.MaxKeys.ToString());
            byte[] value = new byte[store.MaxRecordBytes];
            for (int round = 0; round < 3; round++)
            {
                for (int key = 1; key <= StateKeys.MostInUse; key++)
                {
                    value[0] = (byte)key;
                    value[1] = (byte)round;
                    store.Write(key, 1, value, 0, value.Length);
                    store.Sync();
                }
            }

            store = Mounted(flash);
            byte[] buffer = new byte[64];
            int version;
            for (int key = 1; key <= StateKeys.MostInUse; key++)
            {
                Assert.AreEqual(value.Length, store.Read(key, buffer, 0, out version));
                Assert.AreEqual((byte)key, buffer[0]);
                Assert.AreEqual((byte)2, buffer[1]);
            }
        }

        [TestMethod]
        public void ValuesSurviveARemountAndManyRotations()
        {
            RamFlash flash = new RamFlash(1024, 2);
            StateStore store = Mounted(flash);
            byte[] value = new byte[4];
            for (int i = 0; i < 500; i++)
            {
                value[0] = (byte)i;
                value[1] = (byte)(i >> 8);
                store.Write(1 + (i % 3), 1, value, 0, 4);
                store.Sync();
            }

            StateStore again = Mounted(flash);
            byte[] buffer = new byte[8];
            int version;
            Assert.AreEqual(4, again.Read(1 + (499 % 3), buffer, 0, out version));
            Assert.AreEqual(499, buffer[0] | (buffer[1] << 8));
            Assert.AreEqual(4, again.Read(1 + (498 % 3), buffer, 0, out version));
            Assert.AreEqual(498, buffer[0] | (buffer[1] << 8));
            Assert.AreEqual(3, again.KeyCount);
        }

        [TestMethod]
        public void ASectorIsErasedOncePerSectorOfWritesNotPerWrite()
        {
            RamFlash flash = new RamFlash(1024, 2);
            StateStore store = Mounted(flash);
            byte[] value = new byte[8];

            // 16 slots of 64 bytes per sector, one header, two live keys carried forward.
            for (int i = 0; i < 130; i++)
            {
                store.Write(1 + (i % 2), 1, value, 0, 8);
            }

            Assert.IsTrue(flash.Erases >= 8 && flash.Erases <= 11, "erases: " + flash.Erases.ToString());
        }

        [TestMethod]
        public void BadWritesAreRejectedAndNothingChanges()
        {
            RamFlash flash = new RamFlash(256, 2);
            StateStore store = Mounted(flash);
            store.Write(1, 1, new byte[] { 5 }, 0, 1);
            int before = flash.BytesProgrammed;
            byte[] big = new byte[store.MaxRecordBytes + 1];

            Assert.ThrowsException(typeof(System.ArgumentException), () => store.Write(2, 1, big, 0, big.Length));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => store.Write(0, 1, big, 0, 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => store.Write(65535, 1, big, 0, 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => store.Write(2, 256, big, 0, 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => store.Write(2, 1, big, 2, big.Length));

            Assert.AreEqual(before, flash.BytesProgrammed);
            byte[] buffer = new byte[4];
            int version;
            Assert.AreEqual(1, store.Read(1, buffer, 0, out version));
            Assert.AreEqual((byte)5, buffer[0]);
        }

        [TestMethod]
        public void TooManyKeysAreRejected()
        {
            StateStore store = Mounted(new RamFlash(256, 2));
            byte[] value = new byte[1];
            for (int key = 1; key <= store.MaxKeys; key++)
            {
                store.Write(key, 1, value, 0, 1);
            }

            Assert.ThrowsException(typeof(System.InvalidOperationException), () => store.Write(store.MaxKeys + 1, 1, value, 0, 1));
            store.Write(1, 1, value, 0, 1);
        }

        [TestMethod]
        public void ARottenNewestRecordFallsBackToTheOneBefore()
        {
            RamFlash flash = new RamFlash(1024, 2);
            StateStore store = Mounted(flash);
            store.Write(1, 1, new byte[] { 1 }, 0, 1);
            store.Write(2, 1, new byte[] { 2 }, 0, 1);
            store.Write(1, 1, new byte[] { 3 }, 0, 1);

            // Slot 3 of sector 0 holds the newest value of key 1; its data byte is at offset 8.
            flash.FlipBit((3 * 64) + 8, 0);
            StateStore again = Mounted(flash);
            byte[] buffer = new byte[4];
            int version;

            Assert.AreEqual(1, again.Read(1, buffer, 0, out version));
            Assert.AreEqual((byte)1, buffer[0]);
            Assert.AreEqual(1, again.Read(2, buffer, 0, out version));
            Assert.AreEqual((byte)2, buffer[0]);
        }

        [TestMethod]
        public void AMountReadsFourSlotsAtATimeAndABootsFirstWriteReadsNothing()
        {
            // On a board every read is a call into the flash driver: their count is what a boot pays.
            RamFlash ram = new RamFlash(4096, 2);
            StateStore first = Mounted(ram);
            byte[] value = new byte[] { 1, 2, 3, 4 };
            for (int i = 0; i < 10; i++)
            {
                value[0] = (byte)i;
                first.Write(1 + (i % 3), 1, value, 0, value.Length);
            }

            first.Sync();
            MeteredFlash flash = new MeteredFlash(ram);
            StateStore store = new StateStore(flash);
            store.Mount();

            // Two headers, then the written sector's 63 slots four at a time (the spare has no header: not read).
            Assert.AreEqual(2L + 16L, flash.Reads);
            long before = flash.Reads;
            store.Write(1, 1, value, 0, value.Length);
            Assert.AreEqual(0L, flash.Reads - before, "the first write read the spare sector");

            byte[] buffer = new byte[8];
            int version;
            Assert.AreEqual(4, store.Read(2, buffer, 0, out version));
            Assert.AreEqual((byte)7, buffer[0]);
        }

        [TestMethod]
        public void ASpareACutLeftWithoutAHeaderIsErasedBeforeTheRotationOpensIt()
        {
            // A cut in the middle of the spare's erase, or of its header's programming, leaves bytes in it but no
            // intact header: the mount reads nothing from it, and the rotation erases it first (RamFlash refuses to
            // program over them).
            RamFlash flash = new RamFlash(1024, 2);
            StateStore store = Mounted(flash);
            store.Write(1, 1, new byte[] { 1 }, 0, 1);
            store.Write(2, 1, new byte[] { 2 }, 0, 1);
            store.Sync();
            flash.Program(1024, new byte[] { 0x53, 0x00 }, 0, 2);
            flash.Program(1024 + 300, new byte[] { 0x00, 0x12 }, 0, 2);
            int erases = flash.Erases;

            store = Mounted(flash);
            byte[] value = new byte[4];
            for (int i = 0; i < 40; i++)
            {
                value[0] = (byte)i;
                store.Write(1, 1, value, 0, value.Length);
            }

            store.Sync();
            Assert.IsTrue(flash.Erases > erases, "no rotation");
            StateStore again = Mounted(flash);
            byte[] buffer = new byte[8];
            int version;
            Assert.AreEqual(4, again.Read(1, buffer, 0, out version));
            Assert.AreEqual((byte)39, buffer[0]);
            Assert.AreEqual(1, again.Read(2, buffer, 0, out version));
            Assert.AreEqual((byte)2, buffer[0]);
        }

        [TestMethod]
        public void ARegionTooSmallIsRejected()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => new StateStore(new RamFlash(256, 1)));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new StateStore(new RamFlash(128, 2), 64));
        }

        private static StateStore Mounted(RamFlash flash)
        {
            StateStore store = new StateStore(flash);
            store.Mount();
            return store;
        }
    }
}
