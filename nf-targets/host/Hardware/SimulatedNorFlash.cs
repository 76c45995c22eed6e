using System;
using System.Linq;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// A NOR flash chip for the host: the strict model of <see cref="IFlash"/>, with wear counters and power
    /// cuts, as MCUboot's simulator and littlefs's power-loss runner use.
    /// - Erased bytes read 0xFF; a program ANDs its bytes in; asking it to set a bit throws
    ///   <see cref="FlashProgramViolationException"/> and changes nothing.
    /// - <see cref="CutPowerAtOperation"/> picks a program or erase (counted from the medium's creation) to
    ///   interrupt: a cut program clears some subset of the bits it was clearing (none, all, a prefix of
    ///   its bytes or random bits); a cut erase leaves every bit either as it was or 1 (none, all, a run of
    ///   bytes anywhere in the sector or random bits). That
    ///   operation throws <see cref="SimulatedPowerCutException"/>, and so does every later call on this
    ///   object; <see cref="Reboot"/> gives a new object over the same bytes, as a restarted device has.
    /// - Every operation is committed when it returns (<see cref="Sync"/> only mirrors changed sectors to
    ///   the file, when there is one).
    /// </summary>
    public sealed class SimulatedNorFlash : IFlash, IDisposable
    {
        private readonly NorFlashMedium _medium;
        private bool _dead;

        public SimulatedNorFlash(int size, int sectorSize = 4096, int seed = 1)
            : this(new NorFlashMedium(size, sectorSize, seed, null, true))
        {
        }

        private SimulatedNorFlash(NorFlashMedium medium)
        {
            _medium = medium;
        }

        /// <summary>A flash mirrored to <paramref name="path"/>: loaded if it exists (and <paramref name="fresh"/> is false), else created erased.</summary>
        public static SimulatedNorFlash OpenFile(string path, int size, int sectorSize = 4096, bool fresh = false)
        {
            return new SimulatedNorFlash(new NorFlashMedium(size, sectorSize, 1, path, fresh));
        }

        public int Size => _medium.Bytes.Length;

        public int SectorSize => _medium.SectorSize;

        /// <summary>Programs and erases started since the medium was created (the index the next one gets).</summary>
        public long Operations => _medium.Cut.Operations;

        public long BytesProgrammed => _medium.BytesProgrammed;

        public long SectorsErased => _medium.SectorsErased;

        public long BytesRead => _medium.BytesRead;

        public long Syncs => _medium.Syncs;

        /// <summary>True once the power was cut under this object.</summary>
        public bool IsPoweredOff => _dead;

        public int EraseCount(int sector) => _medium.EraseCounts[sector];

        public int MaxEraseCount => _medium.EraseCounts.Max();

        /// <summary>Interrupts the program or erase with this index (see <see cref="Operations"/>).</summary>
        public void CutPowerAtOperation(long index)
        {
            if (index < Operations)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"operation {index} has already run (next is {Operations})");
            }

            _medium.Cut.CutAt = index;
        }

        /// <summary>A new object over the same bytes, as after a restart; this one stays powered off.</summary>
        public SimulatedNorFlash Reboot()
        {
            _dead = true;
            _medium.Cut.CutAt = -1;
            return new SimulatedNorFlash(_medium);
        }

        /// <summary>Inverts one stored bit (bit rot), outside any operation count.</summary>
        public void FlipBit(int address, int bit)
        {
            _medium.Bytes[address] ^= (byte)(1 << bit);
            _medium.MarkDirty(address, 1);
        }

        /// <summary>A copy of the stored bytes.</summary>
        public byte[] Snapshot() => (byte[])_medium.Bytes.Clone();

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            RequirePower();
            Array.Copy(_medium.Bytes, address, buffer, offset, count);
            _medium.BytesRead += count;
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            RequirePower();
            byte[] bytes = _medium.Bytes;
            for (int i = 0; i < count; i++)
            {
                byte value = buffer[offset + i];
                if ((bytes[address + i] & value) != value)
                {
                    throw new FlashProgramViolationException(
                        $"program would set bits at 0x{address + i:X}: stored 0x{bytes[address + i]:X2}, asked 0x{value:X2} (NOR flash only clears bits)");
                }
            }

            _medium.MarkDirty(address, count);
            if (_medium.Cut.Start())
            {
                Random random = _medium.Random;
                int mode = random.Next(4);
                int prefix = random.Next(count + 1);
                for (int i = 0; i < count; i++)
                {
                    byte clear = (byte)(bytes[address + i] & ~buffer[offset + i]);
                    byte cleared = mode switch
                    {
                        0 => 0,
                        1 => clear,
                        2 => i < prefix ? clear : (i == prefix ? (byte)(clear & random.Next(256)) : (byte)0),
                        _ => (byte)(clear & random.Next(256)),
                    };
                    bytes[address + i] &= (byte)~cleared;
                }

                PowerCut($"program of {count} byte(s) at 0x{address:X}");
            }

            for (int i = 0; i < count; i++)
            {
                bytes[address + i] &= buffer[offset + i];
            }

            _medium.BytesProgrammed += count;
        }

        public void Erase(int sector)
        {
            if (sector < 0 || sector >= Size / SectorSize)
            {
                throw new ArgumentOutOfRangeException(nameof(sector), $"sector {sector} is not in a flash of {Size / SectorSize} sectors");
            }

            RequirePower();
            byte[] bytes = _medium.Bytes;
            int start = sector * SectorSize;
            _medium.MarkDirty(start, SectorSize);
            _medium.EraseCounts[sector]++;
            _medium.SectorsErased++;
            if (_medium.Cut.Start())
            {
                Random random = _medium.Random;
                int mode = random.Next(4);
                int from = random.Next(SectorSize + 1);
                int to = random.Next(from, SectorSize + 1);
                for (int i = 0; i < SectorSize; i++)
                {
                    byte set = mode switch
                    {
                        0 => 0,
                        1 => 0xFF,
                        2 => i >= from && i < to ? (byte)0xFF : (byte)0,
                        _ => (byte)random.Next(256),
                    };
                    bytes[start + i] |= set;
                }

                PowerCut($"erase of sector {sector}");
            }

            Array.Fill(bytes, (byte)0xFF, start, SectorSize);
        }

        public void Sync()
        {
            RequirePower();
            _medium.Syncs++;
            _medium.Persist();
        }

        /// <summary>Mirrors the changed sectors to the file (the twin calls this when it stops).</summary>
        public void Dispose()
        {
            _medium.Persist();
        }

        private void PowerCut(string what)
        {
            _dead = true;
            throw new SimulatedPowerCutException($"power cut during the {what} (operation {Operations - 1})");
        }

        private void RequirePower()
        {
            if (_dead)
            {
                throw new SimulatedPowerCutException("the flash has no power (reboot it)");
            }
        }

        private void Check(int address, byte[] buffer, int offset, int count)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            if (address < 0 || count < 0 || address > Size - count || offset < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(address), $"bytes {address} +{count} are outside a flash of {Size} bytes or the buffer");
            }
        }
    }
}
