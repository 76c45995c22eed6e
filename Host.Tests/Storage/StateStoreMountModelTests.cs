using System;
using System.Collections.Generic;
using Firmware.Storage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Storage
{
    /// <summary>
    /// The state store's mount (which reads newest first and checks a record's CRC only when it could win) against an
    /// independent decoder of the raw sectors that checks every slot, oldest first, by the format's rule: the valid
    /// record with the highest sequence wins, a tie goes to the newer sector. Random workloads over several geometries,
    /// with rotations, flipped bits and torn slots: every key must read the value the decoder finds, and the store must
    /// go on writing after the mount.
    /// </summary>
    [TestClass]
    public class StateStoreMountModelTests
    {
        private const int DataOffset = 8;

        [TestMethod]
        public void MountFindsWhatAFullScanOfTheRawSectorsFinds()
        {
            int checkedKeys = 0;
            for (int seed = 1; seed <= 300; seed++)
            {
                Random random = new Random(seed);
                int sectorSize = random.Next(2) == 0 ? 512 : 1024;
                int sectors = 2 + random.Next(3);
                int slotSize = random.Next(2) == 0 ? 32 : 64;
                RamFlash flash = new RamFlash(sectorSize, sectors);
                StateStore store = new StateStore(flash, slotSize);
                store.Mount();
                int keys = 1 + random.Next(Math.Min(store.MaxKeys, 6));
                int writes = random.Next(400);
                for (int i = 0; i < writes; i++)
                {
                    int length = random.Next(store.MaxRecordBytes + 1);
                    byte[] data = new byte[length];
                    random.NextBytes(data);
                    store.Write(1 + random.Next(keys), random.Next(256), data, 0, length);
                    if (random.Next(50) == 0)
                    {
                        // Bit rot or a torn program somewhere in the store, then a remount as after a reboot.
                        flash.FlipBit(random.Next(flash.Size), random.Next(8));
                        store = new StateStore(flash, slotSize);
                        store.Mount();
                    }
                }

                StateStore mounted = new StateStore(flash, slotSize);
                mounted.Mount();
                Dictionary<int, byte[]> expected = Decode(flash, slotSize);
                byte[] buffer = new byte[256];
                for (int key = 0; key <= keys + 1; key++)
                {
                    int length = mounted.Read(key, buffer, 0, out int version);
                    string context = $"seed {seed}, key {key}";
                    if (!expected.TryGetValue(key, out byte[] record))
                    {
                        Assert.AreEqual(-1, length, context);
                        continue;
                    }

                    Assert.AreEqual(record[3], length, context);
                    Assert.AreEqual(record[2], version, context);
                    CollectionAssert.AreEqual(record[DataOffset..(DataOffset + length)], buffer[..length], context);
                    checkedKeys++;
                }

                // Appends continue where the mount says they do: a write after it reads back after another mount.
                mounted.Write(1, 9, new byte[] { 42 }, 0, 1);
                mounted.Sync();
                StateStore again = new StateStore(flash, slotSize);
                again.Mount();
                Assert.AreEqual(1, again.Read(1, buffer, 0, out int written), $"seed {seed}: the write after the mount");
                Assert.AreEqual(9, written);
                Assert.AreEqual((byte)42, buffer[0]);
            }

            Assert.IsTrue(checkedKeys > 300, $"only {checkedKeys} keys had a value to compare");
        }

        /// <summary>Every valid record of every sector with an intact header, oldest first: key → the winning slot's bytes.</summary>
        private static Dictionary<int, byte[]> Decode(RamFlash flash, int slotSize)
        {
            int sectors = flash.Size / flash.SectorSize;
            List<(long Id, int Sector)> valid = new List<(long, int)>();
            byte[] slot = new byte[slotSize];
            for (int s = 0; s < sectors; s++)
            {
                flash.Read(s * flash.SectorSize, slot, 0, slotSize);
                uint id = BitConverter.ToUInt32(slot, 4);
                if (slot[0] == 0x53 && slot[1] == 0x53 && slot[2] == 1 && slot[3] == slotSize && id != 0
                    && BitConverter.ToUInt32(slot, 8) == Crc(slot, 8))
                {
                    valid.Add((id, s));
                }
            }

            Dictionary<int, (long Sequence, long SectorId, byte[] Bytes)> best = new Dictionary<int, (long, long, byte[])>();
            foreach ((long id, int sector) in valid)
            {
                for (int i = 1; i < flash.SectorSize / slotSize; i++)
                {
                    flash.Read((sector * flash.SectorSize) + (i * slotSize), slot, 0, slotSize);
                    int length = slot[3];
                    if (slot[slotSize - 1] == 0xFF || length > slotSize - 13
                        || BitConverter.ToUInt32(slot, DataOffset + length) != Crc(slot, DataOffset + length))
                    {
                        continue;
                    }

                    int key = BitConverter.ToUInt16(slot, 0);
                    long sequence = BitConverter.ToUInt32(slot, 4);
                    if (!best.TryGetValue(key, out var current) || sequence > current.Sequence
                        || (sequence == current.Sequence && id > current.SectorId))
                    {
                        best[key] = (sequence, id, (byte[])slot.Clone());
                    }
                }
            }

            Dictionary<int, byte[]> result = new Dictionary<int, byte[]>();
            foreach (KeyValuePair<int, (long Sequence, long SectorId, byte[] Bytes)> pair in best)
            {
                result[pair.Key] = pair.Value.Bytes;
            }

            return result;
        }

        /// <summary>CRC-32 (IEEE, reflected), bit by bit: independent of the firmware's table.</summary>
        private static uint Crc(byte[] data, int count)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = 0; i < count; i++)
            {
                crc ^= data[i];
                for (int k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
                }
            }

            return ~crc;
        }
    }
}
