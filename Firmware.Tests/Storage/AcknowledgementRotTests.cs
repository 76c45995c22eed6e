using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    /// <summary>
    /// A bit that flips in an acknowledgement bitmap, either way, at worst sends one reading again and never loses
    /// one. The log below: 256-byte sectors of 10 slots, a 64-byte header, bitmap copies at +64 and +66; 25 readings
    /// in sectors 0 (1-10), 1 (11-20) and 2 (21-25), acknowledged through 15.
    /// </summary>
    [TestClass]
    public class AcknowledgementRotTests
    {
        private const int CopyA = 64;
        private const int CopyB = 66;

        [TestMethod]
        public void ABitSetAgainInAWhollyAcknowledgedSectorSendsNothingAgain()
        {
            RamFlash flash = Acknowledged();
            flash.FlipBit(CopyA, 3);
            flash.FlipBit(CopyB + 1, 1);

            ReadingLog log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(10L, log.Held, "sector 1's acknowledgements prove sector 0 was wholly acknowledged");
            Assert.AreEqual(16L, log.OldestSequence);
        }

        [TestMethod]
        public void ABitSetAgainWhereTheAcknowledgementsEndSendsOneReadingAgain()
        {
            RamFlash flash = Acknowledged();
            flash.FlipBit(256 + CopyB, 2);

            ReadingLog log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(11L, log.Held);
            Assert.AreEqual(15L, log.OldestSequence);
        }

        [TestMethod]
        public void ABitClearedByADisturbAcknowledgesNothing()
        {
            RamFlash flash = Acknowledged();
            flash.FlipBit((2 * 256) + CopyA, 0);
            flash.FlipBit(256 + CopyA, 7);
            flash.FlipBit((2 * 256) + CopyB + 1, 0);

            ReadingLog log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(10L, log.Held, "a bit cleared in one copy only is not an acknowledgement");
            Assert.AreEqual(16L, log.OldestSequence);
            Assert.AreEqual(10, log.ReadOldest(StorageTestData.Batch(10, 3), 0, 10));
        }

        [TestMethod]
        public void TheOnlyAcknowledgementOfASectorSetAgainSendsOneReadingAgain()
        {
            RamFlash flash = new RamFlash(256, 6);
            ReadingLog log = StorageTestData.MountedLog(flash);
            StorageTestData.AppendMany(log, 15, 2000);
            log.Acknowledge(11);
            log.Sync();
            flash.FlipBit(256 + CopyA, 0);

            log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(5L, log.Held);
            Assert.AreEqual(11L, log.OldestSequence);
        }

        [TestMethod]
        public void AcknowledgingAfterARottenBitCompletesBothCopies()
        {
            RamFlash flash = Acknowledged();
            flash.FlipBit(256 + CopyA, 7);
            ReadingLog log = StorageTestData.MountedLog(flash);

            Assert.IsTrue(log.Acknowledge(17));
            log.Sync();
            log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(8L, log.Held);
            Assert.AreEqual(18L, log.OldestSequence);
        }

        private static RamFlash Acknowledged()
        {
            RamFlash flash = new RamFlash(256, 6);
            ReadingLog log = StorageTestData.MountedLog(flash);
            StorageTestData.AppendMany(log, 25, 2000);
            log.Acknowledge(15);
            log.Sync();
            Assert.AreEqual(10L, StorageTestData.MountedLog(flash).Held);
            return flash;
        }
    }
}
