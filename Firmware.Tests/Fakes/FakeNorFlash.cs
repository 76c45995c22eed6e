using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// NOR flash in RAM with the <see cref="IFlash"/> rules enforced: a program that would set a bit throws (a
    /// caller bug), erase sets a whole sector to 0xFF. Counts operations; can lose power before an operation.
    /// </summary>
    public sealed class FakeNorFlash : IFlash
    {
        private readonly byte[] _data;
        private readonly int _sectorSize;
        private bool _dead;

        public FakeNorFlash(int sectorCount, int sectorSize)
        {
            _sectorSize = sectorSize;
            _data = new byte[sectorCount * sectorSize];
            for (int i = 0; i < _data.Length; i++)
            {
                _data[i] = 0xFF;
            }

            FailAt = -1;
        }

        public int Size
        {
            get { return _data.Length; }
        }

        public int SectorSize
        {
            get { return _sectorSize; }
        }

        /// <summary>Program and Erase calls so far.</summary>
        public int Operations { get; private set; }

        public int Erases { get; private set; }

        /// <summary>
        /// When positive, power is lost at the Program or Erase with this number (counting from 1): it changes
        /// nothing and throws, and so does every later operation until <see cref="PowerOn"/>.
        /// </summary>
        public int FailAt { get; set; }

        /// <summary>Power returns: operations work again.</summary>
        public void PowerOn()
        {
            _dead = false;
            FailAt = -1;
        }

        /// <summary>The raw contents, for tests that tamper with them.</summary>
        public byte[] Data
        {
            get { return _data; }
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Check(address, count);
            System.Array.Copy(_data, address, buffer, offset, count);
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Check(address, count);
            Count();
            for (int i = 0; i < count; i++)
            {
                byte old = _data[address + i];
                byte wanted = buffer[offset + i];
                if ((old & wanted) != wanted)
                {
                    throw new System.InvalidOperationException("program would set bits at " + (address + i).ToString());
                }
            }

            for (int i = 0; i < count; i++)
            {
                _data[address + i] = (byte)(_data[address + i] & buffer[offset + i]);
            }
        }

        public void Erase(int sector)
        {
            if (sector < 0 || (sector + 1) * _sectorSize > _data.Length)
            {
                throw new System.ArgumentOutOfRangeException("sector");
            }

            Check(0, 0);
            Count();
            Erases++;
            for (int i = 0; i < _sectorSize; i++)
            {
                _data[(sector * _sectorSize) + i] = 0xFF;
            }
        }

        public void Sync()
        {
            Check(0, 0);
        }

        private void Count()
        {
            if (FailAt > 0 && Operations + 1 >= FailAt)
            {
                _dead = true;
                throw new System.IO.IOException("no power");
            }

            Operations++;
        }

        private void Check(int address, int count)
        {
            if (_dead)
            {
                throw new System.IO.IOException("no power");
            }

            if (address < 0 || count < 0 || address + count > _data.Length)
            {
                throw new System.ArgumentOutOfRangeException("address");
            }
        }
    }
}
