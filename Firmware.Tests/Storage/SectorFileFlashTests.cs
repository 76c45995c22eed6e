using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class SectorFileFlashTests
    {
        [TestMethod]
        public void AnErasedSectorIsNoFileAndReadsAsErased()
        {
            FakeFileStore files = new FakeFileStore();
            SectorFileFlash flash = new SectorFileFlash(files, "f/", 256, 4);
            byte[] buffer = new byte[3];

            flash.Read(300, buffer, 0, 3);

            Assert.AreEqual((byte)0xFF, buffer[0]);
            Assert.AreEqual(0, files.FileCount);
            Assert.AreEqual(1024, flash.Size);
            Assert.AreEqual("f/0001.sec", flash.FileName(1));
        }

        [TestMethod]
        public void WritesAreHeldUntilSyncThenOneFilePerSector()
        {
            FakeFileStore files = new FakeFileStore();
            SectorFileFlash flash = new SectorFileFlash(files, "f/", 256, 4);
            flash.Program(260, new byte[] { 0x12, 0x34 }, 0, 2);
            flash.Program(262, new byte[] { 0x56 }, 0, 1);

            Assert.AreEqual(0, files.FilesWritten);
            byte[] buffer = new byte[3];
            flash.Read(260, buffer, 0, 3);
            Assert.AreEqual((byte)0x56, buffer[2]);

            flash.Sync();

            Assert.AreEqual(1, files.FilesWritten);
            Assert.AreEqual(256, files.Length("f/0001.sec"));
            Assert.AreEqual((byte)0x34, files.Get("f/0001.sec")[5]);
            Assert.IsFalse(files.Exists("f/0001.tmp"));
        }

        [TestMethod]
        public void ChangingAnotherSectorWritesThePendingOneFirst()
        {
            FakeFileStore files = new FakeFileStore();
            SectorFileFlash flash = new SectorFileFlash(files, "f/", 256, 4);
            flash.Program(0, new byte[] { 0 }, 0, 1);
            flash.Program(600, new byte[] { 0 }, 0, 1);

            Assert.AreEqual(1, files.FilesWritten);
            Assert.IsTrue(files.Exists("f/0000.sec"));
        }

        [TestMethod]
        public void EraseRemovesTheFile()
        {
            FakeFileStore files = new FakeFileStore();
            SectorFileFlash flash = new SectorFileFlash(files, "f/", 256, 4);
            flash.Program(10, new byte[] { 0 }, 0, 1);
            flash.Sync();

            flash.Erase(0);
            flash.Sync();

            Assert.IsFalse(files.Exists("f/0000.sec"));
        }

        [TestMethod]
        public void SettingABitThrows()
        {
            SectorFileFlash flash = new SectorFileFlash(new FakeFileStore(), "f/", 256, 4);
            flash.Program(0, new byte[] { 0x0F }, 0, 1);

            Assert.ThrowsException(typeof(System.InvalidOperationException), () => flash.Program(0, new byte[] { 0xF0 }, 0, 1));
        }

        [TestMethod]
        public void AReplacementCutAfterTheDeleteIsFinishedAtTheNextAccess()
        {
            FakeFileStore files = new FakeFileStore();
            byte[] sector = new byte[256];
            sector[0] = 0x42;
            files.Put("f/0002.tmp", sector);
            SectorFileFlash flash = new SectorFileFlash(files, "f/", 256, 4);
            byte[] buffer = new byte[1];

            flash.Read(512, buffer, 0, 1);

            Assert.AreEqual((byte)0x42, buffer[0]);
            Assert.IsTrue(files.Exists("f/0002.sec"));
            Assert.IsFalse(files.Exists("f/0002.tmp"));
        }

        [TestMethod]
        public void AnIncompleteOrStaleTemporaryFileIsDropped()
        {
            FakeFileStore files = new FakeFileStore();
            byte[] old = new byte[256];
            old[0] = 0x11;
            files.Put("f/0000.sec", old);
            files.Put("f/0000.tmp", new byte[256]);
            files.Put("f/0001.tmp", new byte[10]);
            SectorFileFlash flash = new SectorFileFlash(files, "f/", 256, 4);
            byte[] buffer = new byte[1];

            flash.Read(0, buffer, 0, 1);
            Assert.AreEqual((byte)0x11, buffer[0]);
            flash.Read(256, buffer, 0, 1);
            Assert.AreEqual((byte)0xFF, buffer[0]);

            Assert.IsFalse(files.Exists("f/0000.tmp"));
            Assert.IsFalse(files.Exists("f/0001.tmp"));
            Assert.IsFalse(files.Exists("f/0001.sec"));
        }

        [TestMethod]
        public void RequestsOutsideTheRegionThrow()
        {
            SectorFileFlash flash = new SectorFileFlash(new FakeFileStore(), "f/", 256, 4);

            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => flash.Read(1020, new byte[8], 0, 8));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => flash.Erase(4));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new SectorFileFlash(new FakeFileStore(), "f/", 300, 4));
        }
    }
}
