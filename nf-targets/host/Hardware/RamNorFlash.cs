using System;
using System.IO;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// NOR flash in RAM that enforces the <see cref="IFlash"/> contract (program only clears bits, erase sets a
    /// sector to 0xFF, out-of-range requests throw) and can lose power at a chosen operation: that Program leaves
    /// a random subset of the bits it was clearing cleared, that Erase leaves every bit either as it was or 1, and
    /// every later operation throws <see cref="IOException"/> until <see cref="PowerOn"/>. It commits every
    /// operation when it returns, as raw NOR does. (The storage work brings a fuller simulator, with wear limits
    /// and a file-backed mode; this one is what the OTA tests and the twin's slots need.)
    /// </summary>
    public sealed class RamNorFlash : IFlash
    {
        private readonly byte[] _data;
        private readonly object _gate = new object();
        private long _cutAt = -1;
        private Random _cutRandom;

        public RamNorFlash(int sectorCount, int sectorSize = 4096)
        {
            if (sectorCount < 1 || sectorSize < 16 || (sectorSize & (sectorSize - 1)) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(sectorSize), "at least one sector; sector size a power of two");
            }

            SectorSize = sectorSize;
            Size = sectorCount * sectorSize;
            _data = new byte[Size];
            Array.Fill(_data, (byte)0xFF);
            EraseCounts = new int[sectorCount];
        }

        public int Size { get; }

        public int SectorSize { get; }

        /// <summary>Program and Erase calls so far (the operations a power cut can interrupt).</summary>
        public long Operations { get; private set; }

        /// <summary>Erases per sector (wear).</summary>
        public int[] EraseCounts { get; }

        /// <summary>True after a power cut, until <see cref="PowerOn"/>.</summary>
        public bool PoweredOff { get; private set; }

        /// <summary>
        /// Cuts power during the <paramref name="operation"/>-th Program or Erase from now (1 is the next one), with
        /// partial effects drawn from <paramref name="random"/>.
        /// </summary>
        public void CutPowerAt(long operation, Random random)
        {
            lock (_gate)
            {
                _cutAt = Operations + operation;
                _cutRandom = random;
            }
        }

        /// <summary>Power comes back: operations work again (the contents are what the cut left).</summary>
        public void PowerOn()
        {
            lock (_gate)
            {
                PoweredOff = false;
                _cutAt = -1;
            }
        }

        /// <summary>A copy of the whole contents.</summary>
        public byte[] Snapshot()
        {
            lock (_gate)
            {
                return (byte[])_data.Clone();
            }
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                Check(address, count);
                Buffer.BlockCopy(_data, address, buffer, offset, count);
            }
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                Check(address, count);
                for (int i = 0; i < count; i++)
                {
                    byte old = _data[address + i];
                    byte wanted = buffer[offset + i];
                    if ((old & wanted) != wanted)
                    {
                        throw new InvalidOperationException($"NOR program would set bits at 0x{address + i:x} (0x{old:x2} -> 0x{wanted:x2}); only an erase sets bits");
                    }
                }

                if (Cutting())
                {
                    for (int i = 0; i < count; i++)
                    {
                        byte old = _data[address + i];
                        byte clearing = (byte)(old & ~buffer[offset + i]);
                        _data[address + i] = (byte)(old & ~(clearing & (byte)_cutRandom.Next(256)));
                    }

                    throw PowerLost("program");
                }

                for (int i = 0; i < count; i++)
                {
                    _data[address + i] &= buffer[offset + i];
                }
            }
        }

        public void Erase(int sector)
        {
            lock (_gate)
            {
                if (sector < 0 || sector >= EraseCounts.Length)
                {
                    throw new ArgumentOutOfRangeException(nameof(sector));
                }

                Check(0, 0);
                int start = sector * SectorSize;
                EraseCounts[sector]++;
                if (Cutting())
                {
                    for (int i = 0; i < SectorSize; i++)
                    {
                        _data[start + i] |= (byte)_cutRandom.Next(256);
                    }

                    throw PowerLost("erase");
                }

                Array.Fill(_data, (byte)0xFF, start, SectorSize);
            }
        }

        public void Sync()
        {
            lock (_gate)
            {
                Check(0, 0);
            }
        }

        private bool Cutting()
        {
            Operations++;
            if (_cutAt >= 0 && Operations >= _cutAt)
            {
                PoweredOff = true;
                return true;
            }

            return false;
        }

        private void Check(int address, int count)
        {
            if (PoweredOff)
            {
                throw new IOException("the flash has no power");
            }

            if (address < 0 || count < 0 || (long)address + count > Size)
            {
                throw new ArgumentOutOfRangeException(nameof(address), $"0x{address:x}+{count} is outside the {Size}-byte flash");
            }
        }

        private static IOException PowerLost(string operation) => new IOException($"power cut during {operation}");
    }
}
