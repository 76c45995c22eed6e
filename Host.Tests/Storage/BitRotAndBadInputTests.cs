using System;
using System.Linq;
using Firmware.Device;
using Firmware.Host.Hardware;
using Firmware.Host.Tests.Storage.Support;
using Firmware.Readings;
using Firmware.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage
{
    /// <summary>
    /// Bit rot and bad input on the real geometry (4 KiB sectors): a flipped bit costs at most the record
    /// it lands in, counted; bad requests throw before a single byte changes.
    /// </summary>
    [TestClass]
    public sealed class BitRotAndBadInputTests
    {
        private const int Sector = 4096;

        [TestMethod]
        public void EveryBitOfOneRecordLosesThatRecordOnly()
        {
            // Slot 5 of the first log sector: header 64, two bitmaps of 28 (220 slots of 18 bytes).
            int slot = 64 + 56 + (5 * 18);
            for (int bit = 0; bit < 17 * 8; bit++)
            {
                SimulatedNorFlash flash = new SimulatedNorFlash(8 * Sector, Sector);
                ReadingLog log = new ReadingLog(flash);
                log.Mount();
                for (int i = 0; i < 10; i++)
                {
                    log.Append(Reading(i));
                }

                flash.FlipBit(slot + (bit / 8), bit % 8);
                ReadingLog after = new ReadingLog(flash.Reboot());
                after.Mount();
                long[] sequences = LogOracle.ReadAll(after, "bit " + bit).Select(r => r.Item1).ToArray();

                CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4, 5, 7, 8, 9, 10 }, sequences, $"bit {bit}");
                Assert.AreEqual(1L, after.CorruptSkipped, $"bit {bit}");
                Assert.AreEqual(11L, after.NextSequence);
            }
        }

        [TestMethod]
        public void AFlippedCommitMarkerBitLosesNothing()
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(8 * Sector, Sector);
            ReadingLog log = new ReadingLog(flash);
            log.Mount();
            log.Append(Reading(0));

            flash.FlipBit(64 + 56 + 17, 4);
            ReadingLog after = new ReadingLog(flash.Reboot());
            after.Mount();

            Assert.AreEqual(1, LogOracle.ReadAll(after, "marker").Count);
        }

        [TestMethod]
        public void AnyBitOfOneHeaderCopyLosesNothing()
        {
            for (int bit = 0; bit < LogSectorHeader.CopySize * 8; bit += 5)
            {
                SimulatedNorFlash flash = new SimulatedNorFlash(8 * Sector, Sector);
                ReadingLog log = new ReadingLog(flash);
                log.Mount();
                for (int i = 0; i < 300; i++)
                {
                    log.Append(Reading(i));
                }

                flash.FlipBit(Sector + (bit / 8), bit % 8);
                ReadingLog after = new ReadingLog(flash.Reboot());
                after.Mount();

                Assert.AreEqual(300, LogOracle.ReadAll(after, "header bit " + bit).Count, $"header bit {bit}");
                Assert.AreEqual(301L, after.NextSequence);
            }
        }

        [TestMethod]
        public void EveryBitOfTheAcknowledgementBitmapsSendsAtMostOneReadingAgainAndLosesNone()
        {
            // 600 readings over sectors 0 (1-220), 1 (221-440) and 2 (441-600), acknowledged through 350; then each bit
            // of the two bitmap copies of each of the three sectors flipped in turn (1,344 flips, both directions).
            SimulatedNorFlash flash = new SimulatedNorFlash(8 * Sector, Sector);
            ReadingLog log = new ReadingLog(flash);
            log.Mount();
            for (int i = 0; i < 600; i++)
            {
                log.Append(Reading(i));
            }

            log.Acknowledge(350);
            log.Sync();
            int resent = 0;
            for (int sector = 0; sector < 3; sector++)
            {
                for (int bit = 0; bit < 2 * 28 * 8; bit++)
                {
                    int address = (sector * Sector) + LogSectorHeader.Size + (bit / 8);
                    flash.FlipBit(address, bit % 8);
                    ReadingLog after = new ReadingLog(flash.Reboot());
                    after.Mount();
                    string where = $"sector {sector} bitmap bit {bit}";
                    Assert.IsTrue(after.AcknowledgedThrough <= 350, $"{where}: acknowledged through {after.AcknowledgedThrough}: a reading lost");
                    Assert.IsTrue(after.AcknowledgedThrough >= 349, $"{where}: acknowledged through {after.AcknowledgedThrough}: more than one sent again");
                    long[] held = LogOracle.ReadAll(after, where).Select(r => r.Item1).ToArray();
                    Assert.AreEqual(600 - after.AcknowledgedThrough, held.Length, where);
                    resent += after.AcknowledgedThrough < 350 ? 1 : 0;
                    flash.FlipBit(address, bit % 8);
                }
            }

            // Only a bit set again among sector 1's 130 acknowledgements (in either copy) sends one reading again.
            Assert.AreEqual(2 * 130, resent);
        }

        [TestMethod]
        public void AFlippedBitOnTheFileModelLosesOnlyThatRecord()
        {
            SimulatedFileStore files = new SimulatedFileStore();
            ReadingLog log = new ReadingLog(new SectorFileFlash(files, "f/", Sector, 8));
            log.Mount();
            for (int i = 0; i < 4; i++)
            {
                log.Append(Reading(i));
            }

            log.Sync();
            files.FlipBit("f/0000.sec", 64 + 56 + 18 + 3, 1);
            ReadingLog after = new ReadingLog(new SectorFileFlash(files.Reboot(), "f/", Sector, 8));
            after.Mount();

            CollectionAssert.AreEqual(new long[] { 1, 3, 4 }, LogOracle.ReadAll(after, "file").Select(r => r.Item1).ToArray());
        }

        [TestMethod]
        public void BadRequestsChangeNoStoredByte()
        {
            SimulatedNorFlash flash = new SimulatedNorFlash(16 * Sector, Sector);
            FlashLayout layout = FlashLayout.Standard(flash);
            ReadingLog log = new ReadingLog(layout.Log);
            StateStore state = new StateStore(layout.State);
            log.Mount();
            state.Mount();
            log.Append(Reading(0));
            state.Write(StateKeys.Boot, 1, new byte[8], 0, 8);
            byte[] before = flash.Snapshot();

            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => log.Acknowledge(2));
            Assert.ThrowsExactly<ArgumentException>(() => state.Write(3, 1, new byte[60], 0, 60));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => layout.Log.Program(layout.Log.Size - 1, new byte[2], 0, 2));
            Assert.ThrowsExactly<ArgumentException>(() => FlashPartition.FromBytes(flash, 100, Sector));
            Assert.ThrowsExactly<ArgumentException>(() => FlashLayout.Standard(new SimulatedNorFlash(6 * Sector, Sector)));
            Reading oversized = new Reading(32) { ValidMask = -1 };
            Assert.ThrowsExactly<ArgumentException>(() => new ReadingLog(new SimulatedNorFlash(4 * 128, 128)).Tap(l => l.Mount()).Append(oversized));

            CollectionAssert.AreEqual(before, flash.Snapshot());
        }

        private static Reading Reading(int i)
        {
            Reading reading = new Reading(3) { ValidMask = 7, TimeKnown = true, UnixTimeMilliseconds = 1_764_000_000_000L + (i * 300_000L), SincePowerOnMilliseconds = -1 };
            reading.Values[0] = 2000 + i;
            reading.Values[1] = 500;
            reading.Values[2] = 101000 + i;
            return reading;
        }
    }
}
