using Firmware.Power;
using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class FlashScanTests
    {
        [TestMethod]
        public void AnErasedRangeHasNoWrittenByte()
        {
            RamFlash flash = new RamFlash(256, 4);

            Assert.AreEqual(-1, FlashScan.LastWrittenByte(flash, 10, 1000, new byte[64]));
        }

        [TestMethod]
        public void TheLastWrittenByteIsFoundWhereverItLies()
        {
            // Every position of a range three and a half scratch buffers long, chunk edges included, and a second
            // written byte before it that must not be the answer.
            byte[] zero = new byte[] { 0x7F };
            for (int at = 0; at < 224; at++)
            {
                RamFlash flash = new RamFlash(256, 1);
                flash.Program(16 + at, zero, 0, 1);
                if (at > 0)
                {
                    flash.Program(16, zero, 0, 1);
                }

                Assert.AreEqual(at, FlashScan.LastWrittenByte(flash, 16, 224, new byte[64]), "written at " + at.ToString());
            }
        }

        [TestMethod]
        public void BytesPastTheRangeAreNotLookedAt()
        {
            RamFlash flash = new RamFlash(256, 1);
            flash.Program(200, new byte[] { 0 }, 0, 1);

            Assert.AreEqual(-1, FlashScan.LastWrittenByte(flash, 0, 200, new byte[64]));
            Assert.AreEqual(200, FlashScan.LastWrittenByte(flash, 0, 201, new byte[64]));
        }

        [TestMethod]
        public void AMountReadsTheHeadSectorsSlotsInAFewReadsNotOnePerSlot()
        {
            // Three readings in a 4 KiB sector of about 200 slots: the mount finds the next free slot by reading
            // the slot area backwards a buffer at a time, so a file-backed flash is not opened once per slot.
            MeteredFlash flash = new MeteredFlash(new RamFlash(4096, 4));
            StorageTestData.AppendMany(StorageTestData.MountedLog(flash), 3, 2000);
            long before = flash.Reads;

            ReadingLog log = StorageTestData.MountedLog(flash);
            long reads = flash.Reads - before;

            Assert.AreEqual(4L, log.NextSequence);
            // Four headers, the head sector's two bitmap copies (a read each), its slot area (under 4 KiB, 256 bytes a
            // read) and the acknowledged walk's read of the oldest slot.
            Assert.IsTrue(reads <= 4 + 2 + 16 + 2, "a mount made " + reads.ToString() + " reads");
        }
    }
}
