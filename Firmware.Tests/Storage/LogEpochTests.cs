using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    /// <summary>The log's epoch tells a receiver that a log was erased and its sequence numbers started again.</summary>
    [TestClass]
    public class LogEpochTests
    {
        [TestMethod]
        public void FormattingGivesTheLogARandomEpochKeptForItsLife()
        {
            RamFlash flash = new RamFlash(256, 6);
            ReadingLog log = new ReadingLog(flash, new FakeRandom(7));
            log.Mount();
            Assert.AreEqual(0L, log.Epoch, "nothing formatted yet");

            StorageTestData.AppendMany(log, 3, 2000);
            long epoch = log.Epoch;
            Assert.IsTrue(epoch > 0 && epoch <= 0xFFFFFFFFL, epoch.ToString());

            StorageTestData.AppendMany(log, 30, 2000);
            log.Acknowledge(25);
            log.Sync();
            ReadingLog again = new ReadingLog(flash, new FakeRandom(99));
            again.Mount();
            Assert.AreEqual(epoch, again.Epoch, "the same log, across sectors and mounts");
            StorageTestData.AppendMany(again, 30, 2000);
            Assert.AreEqual(epoch, again.Epoch, "after wrapping around the ring");
        }

        [TestMethod]
        public void AnErasedLogStartsANewEpochAtSequenceOne()
        {
            RamFlash flash = new RamFlash(256, 6);
            ReadingLog log = new ReadingLog(flash, new FakeRandom(7));
            log.Mount();
            StorageTestData.AppendMany(log, 12, 2000);
            long first = log.Epoch;

            for (int sector = 0; sector < 6; sector++)
            {
                flash.Erase(sector);
            }

            log = new ReadingLog(flash, new FakeRandom(8));
            log.Mount();
            StorageTestData.AppendMany(log, 1, 2000);
            Assert.AreEqual(1L, log.NewestSequence);
            Assert.AreNotEqual(first, log.Epoch);
        }

        [TestMethod]
        public void AnEpochIsNeverZero()
        {
            FakeRandom zeros = new FakeRandom(1);
            zeros.Extreme = -1;
            ReadingLog log = new ReadingLog(new RamFlash(256, 4), zeros);
            log.Mount();
            StorageTestData.AppendMany(log, 1, 2000);
            Assert.AreEqual(1L, log.Epoch);
        }
    }
}
