using Firmware.Readings;
using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    /// <summary>
    /// A log written by earlier firmware (sector format 1: 28-byte header copies without an epoch, one bitmap) is
    /// read after an update, and the log goes on in the current format without losing a reading.
    /// </summary>
    [TestClass]
    public class LegacyLogFormatTests
    {
        [TestMethod]
        public void ReadingsOfTheEarlierFormatAreKeptAndTheLogGoesOn()
        {
            RamFlash flash = new RamFlash(256, 6);
            WriteLegacySector(flash, 3);

            ReadingLog log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(0L, log.Epoch, "a log formatted before epochs keeps epoch 0");
            Assert.AreEqual(2L, log.Held);
            Reading[] batch = StorageTestData.Batch(20, 3);
            Assert.AreEqual(2, log.ReadOldest(batch, 0, 20));
            Assert.AreEqual(2L, batch[0].Sequence);
            Assert.AreEqual(3001, batch[0].Values[0]);

            // 8 more fill the old sector's 11 slots; the next 5 open a sector of the current format.
            StorageTestData.AppendMany(log, 13, 2000);
            log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(15L, log.Held);
            Assert.AreEqual(16L, log.NewestSequence);
            Assert.AreEqual(15, log.ReadOldest(batch, 0, 20));
            Assert.AreEqual(3002, batch[1].Values[0]);
            Assert.AreEqual(2012, batch[14].Values[0]);

            Assert.IsTrue(log.Acknowledge(13));
            log.Sync();
            log = StorageTestData.MountedLog(flash);
            Assert.AreEqual(3L, log.Held);
            Assert.AreEqual(0L, log.Epoch);
        }

        /// <summary>
        /// Sector 0 as format 1 wrote it: two 28-byte header copies, a 2-byte bitmap at 56 (11 slots of 18 bytes), the
        /// first <paramref name="count"/> slots holding readings 3000, 3001, ... and the first one acknowledged.
        /// </summary>
        private static void WriteLegacySector(RamFlash flash, int count)
        {
            byte[] header = new byte[28];
            header[0] = 0x52;
            header[1] = 0x4C;
            header[2] = 1;
            header[3] = (byte)ReadingRecord.Size(3, 3);
            header[4] = 3;
            header[5] = 3;
            header[6] = 0xFF;
            header[7] = 0xFF;
            LittleEndian.WriteUInt32(header, 8, 1);
            LittleEndian.WriteUInt32(header, 12, 1);
            LittleEndian.WriteUInt32(header, 24, Crc32.Compute(header, 0, 24));
            flash.Program(0, header, 0, 28);
            flash.Program(28, header, 0, 28);

            byte[] slot = new byte[ReadingRecord.MaxSize];
            int size = ReadingRecord.Size(3, 3);
            for (int i = 0; i < count; i++)
            {
                ReadingRecord.Encode(StorageTestData.Climate(i, 3000 + i), 3, slot);
                slot[size - 1] = 0x00;
                flash.Program(56 + 2 + (i * size), slot, 0, size);
            }

            flash.Program(56, new byte[] { 0xFE }, 0, 1);
        }
    }
}
