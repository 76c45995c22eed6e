using System.IO;
using Firmware.Ports;

namespace Firmware.Esp32.Loader
{
    /// <summary>
    /// The OTA region as NOR flash over the I: drive, one small file per sector (littlefs rewrites every block after
    /// a write in the middle of a big file): a missing file is an erased sector, Program reads, ANDs and rewrites its
    /// sector's file, Erase deletes it. littlefs commits a file when it is closed, so every operation is durable when it
    /// returns and a power cut leaves each sector file either as it was or as written. It belongs to the frozen loader
    /// because the loader reads boot control and the slots before any application assembly exists. (The storage work's
    /// sector-per-file adapter, with its write buffering, can replace it: the contract is IFlash's.)
    /// </summary>
    public sealed class OtaSectorFiles : IFlash
    {
        private readonly string _directory;
        private readonly int _sectorSize;
        private readonly int _sectorCount;
        private readonly byte[] _sector;

        public OtaSectorFiles(string directory, int sectorSize, int sectorCount)
        {
            _directory = directory;
            _sectorSize = sectorSize;
            _sectorCount = sectorCount;
            _sector = new byte[sectorSize];
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        public int Size
        {
            get { return _sectorSize * _sectorCount; }
        }

        public int SectorSize
        {
            get { return _sectorSize; }
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Access(address, buffer, offset, count, false);
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Access(address, buffer, offset, count, true);
        }

        public void Erase(int sector)
        {
            if (sector < 0 || sector >= _sectorCount)
            {
                throw new System.ArgumentOutOfRangeException("sector");
            }

            string path = PathOf(sector);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        public void Sync()
        {
            // Every operation closed its file, which is when littlefs commits it.
        }

        /// <summary>Reads or programs a range sector by sector; a program rewrites each sector's file once.</summary>
        private void Access(int address, byte[] buffer, int offset, int count, bool program)
        {
            if (address < 0 || count < 0 || address + count > Size)
            {
                throw new System.ArgumentOutOfRangeException("address");
            }

            while (count > 0)
            {
                int sector = address / _sectorSize;
                int at = address % _sectorSize;
                int n = _sectorSize - at < count ? _sectorSize - at : count;
                Load(sector);
                if (program)
                {
                    for (int i = 0; i < n; i++)
                    {
                        byte wanted = buffer[offset + i];
                        if ((_sector[at + i] & wanted) != wanted)
                        {
                            throw new System.InvalidOperationException("program would set bits at " + (address + i).ToString());
                        }

                        _sector[at + i] = wanted;
                    }

                    File.WriteAllBytes(PathOf(sector), _sector);
                }
                else
                {
                    System.Array.Copy(_sector, at, buffer, offset, n);
                }

                address += n;
                offset += n;
                count -= n;
            }
        }

        private void Load(int sector)
        {
            string path = PathOf(sector);
            if (!File.Exists(path))
            {
                for (int i = 0; i < _sectorSize; i++)
                {
                    _sector[i] = 0xFF;
                }

                return;
            }

            byte[] stored = File.ReadAllBytes(path);
            if (stored.Length != _sectorSize)
            {
                throw new IOException(path + " holds " + stored.Length.ToString() + " bytes, not a sector");
            }

            System.Array.Copy(stored, _sector, _sectorSize);
        }

        private string PathOf(int sector)
        {
            string number = sector.ToString();
            while (number.Length < 4)
            {
                number = "0" + number;
            }

            return _directory + "\\s" + number + ".bin";
        }
    }
}
