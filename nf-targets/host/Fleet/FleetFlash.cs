using System;
using Firmware.Host.Hardware;
using Firmware.Ports;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// A fleet device's NOR flash, sparse: an erased sector holds no memory (it reads 0xFF), a written one its own 4 KiB,
    /// and the sectors of firmware images are shared between devices through a <see cref="SectorPool"/> and copied when
    /// written again. The NOR rules are the simulator's (<see cref="SimulatedNorFlash"/>): programming only clears bits,
    /// an erase sets a sector to 0xFF, and every operation is committed when it returns. While the device's power is
    /// cut every operation throws <see cref="SimulatedPowerCutException"/>; a cut lands between operations (the storage
    /// and OTA sweeps cut inside them).
    /// </summary>
    public sealed class FleetFlash : IFlash
    {
        private static readonly byte[] Erased = CreateErased(4096);

        private readonly byte[][] _sectors;
        private readonly bool[] _shared;
        private readonly bool[] _dirty;
        private readonly SectorPool _pool;
        private readonly IPowerSupply _supply;

        public FleetFlash(int size, int sectorSize, SectorPool pool, IPowerSupply supply)
        {
            if (sectorSize != Erased.Length || size <= 0 || size % sectorSize != 0)
            {
                throw new ArgumentException($"a fleet flash has 4096-byte sectors and a whole number of them, not {size} bytes of {sectorSize}");
            }

            Size = size;
            SectorSize = sectorSize;
            _sectors = new byte[size / sectorSize][];
            _shared = new bool[_sectors.Length];
            _dirty = new bool[_sectors.Length];
            _pool = pool;
            _supply = supply;
        }

        public int Size { get; }

        public int SectorSize { get; }

        /// <summary>Bytes this device holds for itself (written sectors not shared through the pool).</summary>
        public long OwnBytes
        {
            get
            {
                long bytes = 0;
                for (int s = 0; s < _sectors.Length; s++)
                {
                    bytes += _sectors[s] != null && !_shared[s] ? SectorSize : 0;
                }

                return bytes;
            }
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            while (count > 0)
            {
                int sector = address / SectorSize;
                int at = address % SectorSize;
                int n = Math.Min(count, SectorSize - at);
                Buffer.BlockCopy(_sectors[sector] ?? Erased, at, buffer, offset, n);
                address += n;
                offset += n;
                count -= n;
            }
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            // Every byte is checked before any is written: a program that would set a bit changes nothing.
            for (int done = 0; done < count;)
            {
                int at = (address + done) % SectorSize;
                int n = Math.Min(count - done, SectorSize - at);
                ReadOnlySpan<byte> stored = new ReadOnlySpan<byte>(_sectors[(address + done) / SectorSize] ?? Erased, at, n);
                ReadOnlySpan<byte> asked = new ReadOnlySpan<byte>(buffer, offset + done, n);
                for (int i = 0; i < n; i++)
                {
                    if ((stored[i] & asked[i]) != asked[i])
                    {
                        throw new FlashProgramViolationException(
                            $"program would set bits at 0x{address + done + i:X}: stored 0x{stored[i]:X2}, asked 0x{asked[i]:X2} (NOR flash only clears bits)");
                    }
                }

                done += n;
            }

            for (int done = 0; done < count;)
            {
                int at = (address + done) % SectorSize;
                int n = Math.Min(count - done, SectorSize - at);
                Span<byte> stored = new Span<byte>(Writable((address + done) / SectorSize), at, n);
                ReadOnlySpan<byte> asked = new ReadOnlySpan<byte>(buffer, offset + done, n);
                for (int i = 0; i < n; i++)
                {
                    stored[i] &= asked[i];
                }

                done += n;
            }
        }

        public void Erase(int sector)
        {
            if (sector < 0 || sector >= _sectors.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(sector), $"sector {sector} is not in a flash of {_sectors.Length} sectors");
            }

            RequirePower();
            _sectors[sector] = null;
            _shared[sector] = false;
            _dirty[sector] = false;
        }

        public void Sync() => RequirePower();

        /// <summary>Shares the sectors written since the last call in this range with every device that holds the same bytes.</summary>
        public void Share(int firstSector, int count)
        {
            for (int s = firstSector; s < firstSector + count; s++)
            {
                if (_dirty[s])
                {
                    _dirty[s] = false;
                    _sectors[s] = _pool.Intern(_sectors[s]);
                    _shared[s] = true;
                }
            }
        }

        private byte[] Writable(int sector)
        {
            byte[] bytes = _sectors[sector];
            if (bytes == null)
            {
                bytes = (byte[])Erased.Clone();
            }
            else if (_shared[sector])
            {
                bytes = (byte[])bytes.Clone();
                _shared[sector] = false;
            }

            _sectors[sector] = bytes;
            _dirty[sector] = true;
            return bytes;
        }

        private void RequirePower()
        {
            if (_supply != null && _supply.Failed)
            {
                throw new SimulatedPowerCutException("the flash has no power");
            }
        }

        private void Check(int address, byte[] buffer, int offset, int count)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            RequirePower();
            if (address < 0 || count < 0 || address > Size - count || offset < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(address), $"bytes {address} +{count} are outside a flash of {Size} bytes or the buffer");
            }
        }

        private static byte[] CreateErased(int size)
        {
            byte[] bytes = new byte[size];
            Array.Fill(bytes, (byte)0xFF);
            return bytes;
        }
    }
}
