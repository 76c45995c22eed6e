using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>
    /// An <see cref="IFlash"/> made of one small file per sector on a file system (the littlefs I: drive on
    /// ESP32). One file per sector, never one big file: littlefs copies every block after the point of a
    /// write in the middle of a file, so a large file would turn each small append into a rewrite of the
    /// rest of the region. An erased sector is a missing file.
    ///
    /// Writes are buffered: one sector at a time is held in RAM and written back (as a whole file) when
    /// another sector is changed or on <see cref="Sync"/>. Because only one sector is ever pending, the
    /// stored state after a power cut is always the result of a prefix of the operations, which is what
    /// the NOR contract of <see cref="IFlash"/> allows (a lost operation is a Program that cleared no bit).
    /// A sector file is replaced atomically: write "name.tmp", delete "name", rename; the first access to
    /// a sector after a restart finishes or undoes a replacement a cut interrupted.
    /// Shared with the frozen loader, which reads boot control through it.
    /// </summary>
    public sealed class SectorFileFlash : IFlash
    {
        private readonly IFileStore _files;
        private readonly int _sectorSize;
        private readonly int _sectorCount;
        private readonly string[] _names;
        private readonly string[] _temporaryNames;
        private readonly bool[] _recovered;
        private readonly byte[] _pending;
        private int _pendingSector = -1;

        /// <param name="files">The file store.</param>
        /// <param name="prefix">Prepended to every file name (a folder, e.g. "I:\\flash\\").</param>
        /// <param name="sectorSize">Bytes per sector file; a power of two.</param>
        /// <param name="sectorCount">Sectors in the region.</param>
        public SectorFileFlash(IFileStore files, string prefix, int sectorSize, int sectorCount)
        {
            if (files == null)
            {
                throw new System.ArgumentNullException("files");
            }

            if (sectorSize < 16 || (sectorSize & (sectorSize - 1)) != 0)
            {
                throw new System.ArgumentException("the sector size must be a power of two, not " + sectorSize.ToString());
            }

            if (sectorCount < 1 || sectorCount > 9999)
            {
                throw new System.ArgumentOutOfRangeException("sectorCount", "1 to 9999 sectors");
            }

            _files = files;
            _sectorSize = sectorSize;
            _sectorCount = sectorCount;
            _names = new string[sectorCount];
            _temporaryNames = new string[sectorCount];
            for (int i = 0; i < sectorCount; i++)
            {
                string number = i.ToString();
                while (number.Length < 4)
                {
                    number = "0" + number;
                }

                _names[i] = prefix + number + ".sec";
                _temporaryNames[i] = prefix + number + ".tmp";
            }

            _recovered = new bool[sectorCount];
            _pending = new byte[sectorSize];
        }

        public int Size
        {
            get { return _sectorSize * _sectorCount; }
        }

        public int SectorSize
        {
            get { return _sectorSize; }
        }

        /// <summary>The file that holds <paramref name="sector"/>.</summary>
        public string FileName(int sector)
        {
            return _names[sector];
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            while (count > 0)
            {
                int sector = address / _sectorSize;
                int within = address - (sector * _sectorSize);
                int n = count < _sectorSize - within ? count : _sectorSize - within;
                if (sector == _pendingSector)
                {
                    System.Array.Copy(_pending, within, buffer, offset, n);
                }
                else
                {
                    Recover(sector);
                    int got = _files.Read(_names[sector], within, buffer, offset, n);
                    for (int i = got < 0 ? 0 : got; i < n; i++)
                    {
                        buffer[offset + i] = 0xFF;
                    }
                }

                address += n;
                offset += n;
                count -= n;
            }
        }

        public void Program(int address, byte[] buffer, int offset, int count)
        {
            Check(address, buffer, offset, count);
            while (count > 0)
            {
                int sector = address / _sectorSize;
                int within = address - (sector * _sectorSize);
                int n = count < _sectorSize - within ? count : _sectorSize - within;
                Hold(sector, true);
                for (int i = 0; i < n; i++)
                {
                    byte old = _pending[within + i];
                    byte value = buffer[offset + i];
                    if ((old & value) != value)
                    {
                        throw new System.InvalidOperationException("program would set bits at address " + (address + i).ToString()
                            + " (NOR flash only clears bits; erase first)");
                    }
                }

                for (int i = 0; i < n; i++)
                {
                    _pending[within + i] = (byte)(_pending[within + i] & buffer[offset + i]);
                }

                address += n;
                offset += n;
                count -= n;
            }
        }

        public void Erase(int sector)
        {
            if (sector < 0 || sector >= _sectorCount)
            {
                throw new System.ArgumentOutOfRangeException("sector", "sector " + sector.ToString() + " is not in a region of "
                    + _sectorCount.ToString() + " sectors");
            }

            Hold(sector, false);
            for (int i = 0; i < _sectorSize; i++)
            {
                _pending[i] = 0xFF;
            }
        }

        /// <summary>Writes the pending sector back; from its return, every earlier operation is committed.</summary>
        public void Sync()
        {
            WriteBack();
        }

        /// <summary>Makes <paramref name="sector"/> the pending one, writing back any other first.</summary>
        private void Hold(int sector, bool load)
        {
            if (sector == _pendingSector)
            {
                return;
            }

            WriteBack();
            Recover(sector);
            int got = load ? _files.Read(_names[sector], 0, _pending, 0, _sectorSize) : 0;
            for (int i = got < 0 ? 0 : got; i < _sectorSize; i++)
            {
                _pending[i] = 0xFF;
            }

            _pendingSector = sector;
        }

        private void WriteBack()
        {
            int sector = _pendingSector;
            if (sector < 0)
            {
                return;
            }

            bool erased = true;
            for (int i = 0; i < _sectorSize && erased; i++)
            {
                erased = _pending[i] == 0xFF;
            }

            if (erased)
            {
                _files.Delete(_names[sector]);
            }
            else
            {
                _files.Write(_temporaryNames[sector], _pending, 0, _sectorSize);
                _files.Delete(_names[sector]);
                _files.Move(_temporaryNames[sector], _names[sector]);
            }

            _pendingSector = -1;
        }

        /// <summary>
        /// Finishes or undoes a replacement a cut interrupted. A complete temporary file (a whole sector) with
        /// no sector file means the cut came between delete and rename: finish it. Otherwise the old sector
        /// file is still there (or the temporary one is incomplete): drop the temporary file.
        /// </summary>
        private void Recover(int sector)
        {
            if (_recovered[sector])
            {
                return;
            }

            int temporary = _files.Length(_temporaryNames[sector]);
            if (temporary >= 0)
            {
                if (temporary == _sectorSize && _files.Length(_names[sector]) < 0)
                {
                    _files.Move(_temporaryNames[sector], _names[sector]);
                }
                else
                {
                    _files.Delete(_temporaryNames[sector]);
                }
            }

            _recovered[sector] = true;
        }

        private void Check(int address, byte[] buffer, int offset, int count)
        {
            FlashBounds.Check(Size, address, buffer, offset, count);
        }
    }
}
