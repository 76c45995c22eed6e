using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// NOR flash in RAM, with the full <see cref="IFlash"/> contract (programming can only clear bits; an
    /// attempt to set one throws <see cref="System.InvalidOperationException"/>). Nothing survives a
    /// restart: it stands in on a board without a flash port, and in device tests.
    /// </summary>
    public sealed class RamFlash : IFlash
    {
        private readonly byte[] _bytes;
        private readonly int _sectorSize;

        public RamFlash(int sectorSize, int sectorCount)
        {
            if (sectorSize < 16 || (sectorSize & (sectorSize - 1)) != 0 || sectorCount < 1)
            {
                throw new System.ArgumentException("sector size must be a power of two and there must be at least one sector");
            }

            _sectorSize = sectorSize;
            _bytes = new byte[sectorSize * sectorCount];
            for (int i = 0; i < _bytes.Length; i++)
            {
                _bytes[i] = 0xFF;
            }
        }

        public int Size
        {
            get { return _bytes.Length; }
        }

        public int SectorSize
        {
            get { return _sectorSize; }
        }

        /// <summary>Sectors erased since creation.</summary>
        public int Erases { get; private set; }

        /// <summary>Bytes passed to <see cref="Program"/> since creation.</summary>
        public int BytesProgrammed { get; private set; }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            System.Array.Copy(_bytes, address, buffer, offset, count);
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            for (int i = 0; i < count; i++)
            {
                byte value = buffer[offset + i];
                if ((_bytes[address + i] & value) != value)
                {
                    throw new System.InvalidOperationException("program would set bits at address " + (address + i).ToString());
                }
            }

            for (int i = 0; i < count; i++)
            {
                _bytes[address + i] = buffer[offset + i];
            }

            BytesProgrammed += count;
        }

        public void Erase(int sector)
        {
            if (sector < 0 || sector >= _bytes.Length / _sectorSize)
            {
                throw new System.ArgumentOutOfRangeException("sector", "no such sector");
            }

            for (int i = sector * _sectorSize; i < (sector + 1) * _sectorSize; i++)
            {
                _bytes[i] = 0xFF;
            }

            Erases++;
        }

        public void Sync()
        {
        }

        /// <summary>Inverts one bit, as bit rot would (a test hook).</summary>
        public void FlipBit(int address, int bit)
        {
            _bytes[address] = (byte)(_bytes[address] ^ (1 << bit));
        }

        private void Check(int address, byte[] buffer, int offset, int count)
        {
            FlashBounds.Check(_bytes.Length, address, buffer, offset, count);
        }
    }
}
