using Firmware.Device;
using Firmware.Readings;
using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class ReadingLogTests
    {
        [TestMethod]
        public void AnEmptyLogHoldsNothingAndStartsAtOne()
        {
            ReadingLog log = StorageTestData.MountedLog(new RamFlash(256, 6));

            Assert.AreEqual(1L, log.NextSequence);
            Assert.AreEqual(0L, log.Held);
            Assert.AreEqual(0L, log.OldestSequence);
            Assert.AreEqual(0L, log.Dropped);
            Assert.AreEqual(0, log.ReadOldest(StorageTestData.Batch(4, 3), 0, 4));
        }

        [TestMethod]
        public void ReadingsComeBackInOrderAsTheyWereAppended()
        {
            ReadingLog log = StorageTestData.MountedLog(new RamFlash(256, 6));
            Reading first = StorageTestData.Climate(0, -1234);
            first.ValidMask = 5;
            Assert.AreEqual(1L, log.Append(first));
            Assert.AreEqual(2L, log.Append(StorageTestData.Climate(5, 2250)));
            log.Sync();

            Reading[] batch = StorageTestData.Batch(4, 3);
            Assert.AreEqual(2, log.ReadOldest(batch, 0, 4));

            Assert.AreEqual(1L, batch[0].Sequence);
            Assert.AreEqual(-1234, batch[0].Values[0]);
            Assert.AreEqual(5, batch[0].ValidMask);
            Assert.AreEqual(101325, batch[0].Values[2]);
            Assert.IsTrue(batch[0].TimeKnown);
            Assert.AreEqual(StorageTestData.Noon, batch[0].UnixTimeMilliseconds);
            Assert.AreEqual(2L, batch[1].Sequence);
            Assert.AreEqual(2250, batch[1].Values[0]);
            Assert.AreEqual(StorageTestData.Noon + 300000, batch[1].UnixTimeMilliseconds);
        }

        [TestMethod]
        public void SequencesAndReadingsSurviveARemount()
        {
            RamFlash flash = new RamFlash(256, 6);
            StorageTestData.AppendMany(StorageTestData.MountedLog(flash), 15, 2000);

            ReadingLog log = StorageTestData.MountedLog(flash);

            Assert.AreEqual(16L, log.NextSequence);
            Assert.AreEqual(15L, log.Held);
            Reading[] batch = StorageTestData.Batch(15, 3);
            Assert.AreEqual(15, log.ReadOldest(batch, 0, 15));
            Assert.AreEqual(2014, batch[14].Values[0]);
            Assert.AreEqual(16L, log.Append(StorageTestData.Climate(99, 1)));
        }

        [TestMethod]
        public void AcknowledgedReadingsDoNotComeBack()
        {
            RamFlash flash = new RamFlash(256, 6);
            ReadingLog log = StorageTestData.MountedLog(flash);
            StorageTestData.AppendMany(log, 20, 2000);

            Assert.IsTrue(log.Acknowledge(13));
            log.Sync();
            ReadingLog again = StorageTestData.MountedLog(flash);

            Assert.AreEqual(13L, again.AcknowledgedThrough);
            Assert.AreEqual(14L, again.OldestSequence);
            Reading[] batch = StorageTestData.Batch(10, 3);
            Assert.AreEqual(7, again.ReadOldest(batch, 0, 10));
            Assert.AreEqual(14L, batch[0].Sequence);
            Assert.AreEqual(2013, batch[0].Values[0]);
        }

        [TestMethod]
        public void ABatchAcknowledgementProgramsABitmapByteInEachCopyNotTheRecords()
        {
            RamFlash flash = new RamFlash(256, 6);
            ReadingLog log = StorageTestData.MountedLog(flash);
            StorageTestData.AppendMany(log, 6, 2000);
            int before = flash.BytesProgrammed;

            log.Acknowledge(6);

            Assert.AreEqual(2, flash.BytesProgrammed - before);
            Assert.AreEqual(0, flash.Erases);
        }

        [TestMethod]
        public void AcknowledgingAgainWritesNothing()
        {
            RamFlash flash = new RamFlash(256, 6);
            ReadingLog log = StorageTestData.MountedLog(flash);
            StorageTestData.AppendMany(log, 4, 2000);
            log.Acknowledge(3);
            int before = flash.BytesProgrammed;

            Assert.IsFalse(log.Acknowledge(2));
            Assert.IsFalse(log.Acknowledge(3));
            Assert.AreEqual(before, flash.BytesProgrammed);
        }

        [TestMethod]
        public void AcknowledgingASequenceNeverGivenOutThrowsAndChangesNothing()
        {
            RamFlash flash = new RamFlash(256, 6);
            ReadingLog log = StorageTestData.MountedLog(flash);
            StorageTestData.AppendMany(log, 4, 2000);
            int before = flash.BytesProgrammed;

            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => log.Acknowledge(5));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => log.Acknowledge(-1));

            Assert.AreEqual(before, flash.BytesProgrammed);
            Assert.AreEqual(4L, log.Held);
        }

        [TestMethod]
        public void AReadingLargerThanASectorIsRejectedAndNothingChanges()
        {
            RamFlash flash = new RamFlash(128, 4);
            ReadingLog log = StorageTestData.MountedLog(flash);
            log.Append(StorageTestData.Climate(0, 1));
            int before = flash.BytesProgrammed;
            Reading huge = new Reading(32);
            huge.ValidMask = -1;

            Assert.ThrowsException(typeof(System.ArgumentException), () => log.Append(huge));

            Assert.AreEqual(before, flash.BytesProgrammed);
            Assert.AreEqual(2L, log.NextSequence);
        }

        [TestMethod]
        public void ARegionTooSmallOrOddIsRejected()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => new ReadingLog(new RamFlash(256, 2)));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new ReadingLog(new RamFlash(64, 8)));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => new ReadingLog(null));
        }

        [TestMethod]
        public void AFullLogDropsTheOldestReadingsAndCountsThemForGood()
        {
            RamFlash flash = new RamFlash(256, 4);
            ReadingLog log = StorageTestData.MountedLog(flash);

            // 4 sectors of 11 slots: the log keeps 2 to 3 sectors; 60 readings must drop some.
            StorageTestData.AppendMany(log, 60, 0);

            Assert.IsTrue(log.Dropped > 0, "dropped " + log.Dropped.ToString());
            Assert.AreEqual(60L, log.NewestSequence);
            Assert.AreEqual(60L - log.Dropped, log.Held);
            ReadingLog again = StorageTestData.MountedLog(flash);
            Assert.AreEqual(log.Dropped, again.Dropped);
            Assert.AreEqual(log.OldestSequence, again.OldestSequence);
            Reading[] batch = StorageTestData.Batch(1, 3);
            Assert.AreEqual(1, again.ReadOldest(batch, 0, 1));
            Assert.AreEqual(log.OldestSequence, batch[0].Sequence);
            Assert.AreEqual((int)(batch[0].Sequence - 1), batch[0].Values[0]);
        }

        [TestMethod]
        public void AcknowledgedSectorsAreReusedWithoutDrops()
        {
            RamFlash flash = new RamFlash(256, 4);
            ReadingLog log = StorageTestData.MountedLog(flash);
            for (int round = 0; round < 20; round++)
            {
                StorageTestData.AppendMany(log, 5, round * 5);
                log.Acknowledge(log.NewestSequence);
                log.Sync();
            }

            Assert.AreEqual(0L, log.Dropped);
            Assert.AreEqual(100L, log.NewestSequence);
            Assert.AreEqual(0L, log.Held);
            Assert.IsTrue(flash.Erases > 4);
        }

        [TestMethod]
        public void AFlippedBitLosesThatReadingOnlyAndIsCounted()
        {
            RamFlash flash = new RamFlash(256, 6);
            StorageTestData.AppendMany(StorageTestData.MountedLog(flash), 5, 2000);

            // Log sector 0: 64-byte header, two 2-byte bitmaps, then 18-byte slots; slot 2 holds #3.
            flash.FlipBit(64 + 4 + (2 * 18) + 7, 3);
            ReadingLog log = StorageTestData.MountedLog(flash);
            Reading[] batch = StorageTestData.Batch(5, 3);

            Assert.AreEqual(4, log.ReadOldest(batch, 0, 5));
            Assert.AreEqual(2L, batch[1].Sequence);
            Assert.AreEqual(4L, batch[2].Sequence);
            Assert.AreEqual(2003, batch[2].Values[0]);
            Assert.AreEqual(1L, log.CorruptSkipped);
            Assert.AreEqual(4, log.ReadOldest(batch, 0, 5));
            Assert.AreEqual(1L, log.CorruptSkipped, "counted once");
        }

        [TestMethod]
        public void AFlippedBitInASectorHeaderLosesNothing()
        {
            RamFlash flash = new RamFlash(256, 6);
            StorageTestData.AppendMany(StorageTestData.MountedLog(flash), 5, 2000);

            flash.FlipBit(13, 0);
            ReadingLog log = StorageTestData.MountedLog(flash);

            Assert.AreEqual(5L, log.Held);
            Assert.AreEqual(5, log.ReadOldest(StorageTestData.Batch(5, 3), 0, 5));
        }

        [TestMethod]
        public void AReadingWithoutWallTimeKeepsItsTimeSincePowerOn()
        {
            ReadingLog log = StorageTestData.MountedLog(new RamFlash(256, 6));
            Reading unknown = StorageTestData.Climate(0, 1);
            unknown.TimeKnown = false;
            unknown.UnixTimeMilliseconds = 0;
            unknown.SincePowerOnMilliseconds = 754000;
            Reading none = StorageTestData.Climate(0, 2);
            none.TimeKnown = false;
            none.SincePowerOnMilliseconds = -1;
            log.Append(unknown);
            log.Append(none);

            Reading[] batch = StorageTestData.Batch(2, 3);
            Assert.AreEqual(2, log.ReadOldest(batch, 0, 2));

            Assert.IsFalse(batch[0].TimeKnown);
            Assert.AreEqual(754000L, batch[0].SincePowerOnMilliseconds);
            Assert.IsFalse(batch[1].TimeKnown);
            Assert.AreEqual(-1L, batch[1].SincePowerOnMilliseconds);
        }

        [TestMethod]
        public void ValuesBeyondTwentyFourBitsAreKept()
        {
            RamFlash flash = new RamFlash(256, 6);
            ReadingLog log = StorageTestData.MountedLog(flash);
            log.Append(StorageTestData.Climate(0, 1));
            Reading wide = StorageTestData.Climate(1, -2000000000);
            log.Append(wide);
            log.Append(StorageTestData.Climate(2, 3));

            Reading[] batch = StorageTestData.Batch(3, 3);
            Assert.AreEqual(3, StorageTestData.MountedLog(flash).ReadOldest(batch, 0, 3));

            Assert.AreEqual(1, batch[0].Values[0]);
            Assert.AreEqual(-2000000000, batch[1].Values[0]);
            Assert.AreEqual(3, batch[2].Values[0]);
            Assert.AreEqual(3L, batch[2].Sequence);
        }

        [TestMethod]
        public void ReadFromStartsAtTheGivenSequence()
        {
            ReadingLog log = StorageTestData.MountedLog(new RamFlash(256, 6));
            StorageTestData.AppendMany(log, 30, 0);
            Reading[] batch = StorageTestData.Batch(5, 3);

            Assert.AreEqual(5, log.ReadFrom(20, batch, 0, 5));

            Assert.AreEqual(20L, batch[0].Sequence);
            Assert.AreEqual(24L, batch[4].Sequence);
            Assert.AreEqual(19, batch[0].Values[0]);
        }

        [TestMethod]
        public void SequenceNumbersEndCleanlyAtTheThirtyTwoBitLimit()
        {
            // A log whose only sector starts 15 numbers below the limit (as one would after 4 billion readings).
            RamFlash flash = new RamFlash(256, 4);
            LogSectorHeader header = new LogSectorHeader();
            header.SlotSize = ReadingRecord.Size(3, 3);
            header.Channels = 3;
            header.Width = 3;
            header.Id = 1;
            header.BaseSequence = ReadingLog.MaxSequence - 14;
            header.ReleasedThrough = ReadingLog.MaxSequence - 15;
            header.Epoch = 7;
            byte[] bytes = new byte[LogSectorHeader.Size];
            header.Encode(bytes, 0);
            header.Encode(bytes, LogSectorHeader.CopySize);
            flash.Program(0, bytes, 0, bytes.Length);

            ReadingLog log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(ReadingLog.MaxSequence - 14, log.NextSequence);
            StorageTestData.AppendMany(log, 15, 2000);
            Assert.AreEqual(ReadingLog.MaxSequence, log.NewestSequence);
            Assert.ThrowsException(typeof(System.IO.IOException), () => log.Append(StorageTestData.Climate(0, 1)));

            log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(ReadingLog.MaxSequence, log.NewestSequence);
            Reading[] batch = StorageTestData.Batch(16, 3);
            int n = log.ReadOldest(batch, 0, 16);
            Assert.AreEqual(15, n);
            Assert.AreEqual(ReadingLog.MaxSequence - 14, batch[0].Sequence);
            Assert.AreEqual(ReadingLog.MaxSequence, batch[14].Sequence);
            Assert.AreEqual(2014, batch[14].Values[0]);
            Assert.IsTrue(log.Acknowledge(ReadingLog.MaxSequence));
            log.Sync();
            Assert.AreEqual(0L, StorageTestData.MountedLog(flash).Held);
        }

        [TestMethod]
        public void UsingTheLogBeforeMountingIsAnError()
        {
            ReadingLog log = new ReadingLog(new RamFlash(256, 6));

            Assert.ThrowsException(typeof(System.InvalidOperationException), () => log.Append(StorageTestData.Climate(0, 1)));
        }
    }
}
