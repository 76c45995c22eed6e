namespace Firmware.Storage
{
    /// <summary>Writing a record, and rotating to the next sector when the active one is full.</summary>
    public sealed partial class StateStore
    {
        /// <summary>
        /// Stores <paramref name="count"/> bytes as the new value of <paramref name="key"/> (1 to 65534) with a
        /// format <paramref name="version"/> (0 to 255) the reader checks. Committed at the next <see cref="Sync"/>.
        /// </summary>
        public void Write(int key, int version, byte[] data, int offset, int count)
        {
            RequireMounted();
            if (key < 1 || key > 0xFFFE)
            {
                throw new System.ArgumentOutOfRangeException("key", "keys are 1 to 65534, not " + key.ToString());
            }

            if (version < 0 || version > 255)
            {
                throw new System.ArgumentOutOfRangeException("version", "versions are 0 to 255");
            }

            if (data == null || count < 0 || offset < 0 || offset > data.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count", "outside the data array");
            }

            if (count > MaxRecordBytes)
            {
                throw new System.ArgumentException("a state record holds at most " + MaxRecordBytes.ToString() + " bytes, not " + count.ToString());
            }

            int index = IndexOf(key);
            if (index < 0 && _keyCount == _maxKeys)
            {
                throw new System.InvalidOperationException("the state store holds at most " + _maxKeys.ToString() + " keys");
            }

            if (_nextSequence > 0xFFFFFFFEL)
            {
                throw new System.IO.IOException("the state store's sequence numbers are used up");
            }

            Prepare();
            if (_writeSlot >= _slotsPerSector)
            {
                Rotate();
            }

            int length = DataOffset + count;
            LittleEndian.WriteUInt16(_buffer, 0, key);
            _buffer[2] = (byte)version;
            _buffer[3] = (byte)count;
            LittleEndian.WriteUInt32(_buffer, 4, (uint)_nextSequence);
            System.Array.Copy(data, offset, _buffer, DataOffset, count);
            LittleEndian.WriteUInt32(_buffer, length, Crc32.Compute(_buffer, 0, length));
            int address = Place(_buffer, length + 4);
            if (index < 0)
            {
                index = _keyCount++;
                _keys[index] = key;
            }

            _keyAddress[index] = address;
            _keySequence[index] = _nextSequence;
            _keySector[index] = _active;
            _nextSequence++;
        }

        /// <summary>Programs a record's used bytes into the next free slot, then its commit marker.</summary>
        private int Place(byte[] record, int used)
        {
            if (_writeSlot >= _slotsPerSector)
            {
                throw new System.IO.IOException("the state store's active sector has no room for its live records");
            }

            int address = SlotAddress(_active, _writeSlot);
            _writeSlot++;
            _flash.Program(address, record, 0, used);
            _flash.Program(address + _slotSize - 1, _commit, 0, 1);
            return address;
        }

        /// <summary>
        /// Formats a blank store, and finishes a rotation a cut interrupted, before the first write. A rotation is
        /// interrupted when the sector after the active one still has an intact header: the oldest sector, its live records
        /// copied or being copied, not yet erased. A spare without an intact header holds nothing a mount reads (a header
        /// a cut tore, or an erase a cut stopped), and <see cref="Rotate"/> erases it before it opens it; so the spare's
        /// bytes are not read here, at every boot's first write, but only when the rotation needs the sector.
        /// </summary>
        private void Prepare()
        {
            if (_active < 0)
            {
                EraseIfWritten(0);
                OpenSector(0, 1);
            }

            if (_spareReady)
            {
                return;
            }

            int spare = (_active + 1) % _sectorCount;
            if (_validSector[spare])
            {
                if (KeysIn(spare) > _slotsPerSector - _writeSlot)
                {
                    // Cuts tore so many slots of the interrupted copy that the rest no longer fits. The active sector
                    // holds nothing but copies (no write lands in it before its rotation is finished) and the
                    // originals are whole: erase it and let the next write start the rotation over.
                    _flash.Erase(_active);
                    Mount();
                    Prepare();
                    return;
                }

                CopyForward(spare);
                _flash.Erase(spare);
                _validSector[spare] = false;
            }

            _spareReady = true;
        }

        private int KeysIn(int sector)
        {
            int count = 0;
            for (int i = 0; i < _keyCount; i++)
            {
                if (_keySector[i] == sector)
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>Opens the erased sector after the active one, copies the oldest sector's live records into it, erases it.</summary>
        private void Rotate()
        {
            int next = (_active + 1) % _sectorCount;
            EraseIfWritten(next);
            OpenSector(next, _sectorId[_active] + 1);
            int oldest = (next + 1) % _sectorCount;
            CopyForward(oldest);
            EraseIfWritten(oldest);
            _validSector[oldest] = false;
        }

        private void OpenSector(int sector, long id)
        {
            for (int i = 0; i < _slotSize; i++)
            {
                _buffer[i] = 0xFF;
            }

            EncodeHeader(_buffer, id);
            _flash.Program(SlotAddress(sector, 0), _buffer, 0, HeaderBytes);
            _validSector[sector] = true;
            _sectorId[sector] = id;
            _active = sector;
            _writeSlot = 1;
        }

        /// <summary>Copies every key whose newest record lives in <paramref name="sector"/> into the active sector.</summary>
        private void CopyForward(int sector)
        {
            for (int i = 0; i < _keyCount; i++)
            {
                if (_keySector[i] != sector)
                {
                    continue;
                }

                _flash.Read(_keyAddress[i], _buffer, 0, _slotSize);
                if (CheckSlot(_buffer) != ReadingRecord.Valid)
                {
                    // Rotted since the mount: the key has no value left to carry forward.
                    CorruptSkipped++;
                    _keyCount--;
                    _keys[i] = _keys[_keyCount];
                    _keyAddress[i] = _keyAddress[_keyCount];
                    _keySequence[i] = _keySequence[_keyCount];
                    _keySector[i] = _keySector[_keyCount];
                    i--;
                    continue;
                }

                _keyAddress[i] = Place(_buffer, DataOffset + _buffer[3] + 4);
                _keySector[i] = _active;
            }
        }

        private void EraseIfWritten(int sector)
        {
            if (!FlashScan.IsErased(_flash, SlotAddress(sector, 0), _sectorSize, _scratch))
            {
                _flash.Erase(sector);
            }
        }
    }
}
