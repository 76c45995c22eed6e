namespace Firmware.Storage
{
    /// <summary>Mount: finds the newest valid record of every key.</summary>
    public sealed partial class StateStore
    {
        private const byte MagicS = 0x53;
        private const int FormatVersion = 1;
        private const int HeaderBytes = 12;

        /// <summary>
        /// Reads every slot of every sector with an intact header. For each key the record with the highest
        /// sequence number wins; a copy made by the rotation has the same number as its original, and the
        /// newer sector's copy is taken. Writes nothing.
        /// The sectors are read newest first and each from its last slot back, the order records were written in
        /// reverse, so a key's winner is usually met first: a slot that could not beat the record already found for
        /// its key is passed over without its CRC (<see cref="Beats"/>, checked before the CRC), so a mount
        /// checks about one record per key instead of every record the sectors hold. The active sector's last written
        /// slot, where appends continue, is found on the way. Slots are read as many at a time as the scratch buffer
        /// holds (four of the default 64 bytes): on a board every read is a call into the flash driver, so their count,
        /// not their bytes, is the mount's cost.
        /// </summary>
        public void Mount()
        {
            _mounted = false;
            _keyCount = 0;
            _active = -1;
            _writeSlot = 0;
            _spareReady = false;
            CorruptSkipped = 0;
            long newestSequence = 0;
            long newestSector = 0;
            for (int s = 0; s < _sectorCount; s++)
            {
                _flash.Read(SlotAddress(s, 0), _buffer, 0, _slotSize);
                _validSector[s] = DecodeHeader(_buffer, out _sectorId[s]);
                if (_validSector[s] && _sectorId[s] > newestSector)
                {
                    newestSector = _sectorId[s];
                    _active = s;
                }
            }

            int slotsPerRead = _scratch.Length / _slotSize;
            for (int s = NextOlderValidSector(-1); s >= 0; s = NextOlderValidSector(s))
            {
                bool findWriteSlot = s == _active;
                int chunkFirst = _slotsPerSector;
                for (int slot = _slotsPerSector - 1; slot >= 1; slot--)
                {
                    int address = SlotAddress(s, slot);
                    if (slot < chunkFirst)
                    {
                        // The chunk ends with this slot and starts slotsPerRead - 1 before it, or at slot 1.
                        chunkFirst = slot - slotsPerRead + 1 > 1 ? slot - slotsPerRead + 1 : 1;
                        _flash.Read(SlotAddress(s, chunkFirst), _scratch, 0, (slot - chunkFirst + 1) * _slotSize);
                    }

                    System.Array.Copy(_scratch, (slot - chunkFirst) * _slotSize, _buffer, 0, _slotSize);
                    if (findWriteSlot)
                    {
                        if (FlashScan.IsErased(_buffer, 0, _slotSize))
                        {
                            continue;
                        }

                        _writeSlot = slot + 1;
                        findWriteSlot = false;
                    }

                    long sequence = LittleEndian.ReadUInt32(_buffer, 4);
                    int key = LittleEndian.ReadUInt16(_buffer, 0);
                    int index = IndexOf(key);
                    if (!Beats(index, sequence, s) || CheckSlot(_buffer) != ReadingRecord.Valid)
                    {
                        continue;
                    }

                    Keep(index, key, sequence, address, s);
                    if (sequence > newestSequence)
                    {
                        newestSequence = sequence;
                    }
                }

                if (findWriteSlot)
                {
                    _writeSlot = 1;
                }
            }

            _nextSequence = newestSequence + 1;
            _mounted = true;
        }

        /// <summary>
        /// The valid sector that comes after <paramref name="sector"/> (-1: the first) in the order newest first, by id
        /// and then by index, the lower first as for the active sector (equal ids only after damage), or -1 when none is left.
        /// </summary>
        private int NextOlderValidSector(int sector)
        {
            int found = -1;
            for (int s = 0; s < _sectorCount; s++)
            {
                if (_validSector[s] && (sector < 0 || Newer(sector, s)) && (found < 0 || Newer(s, found)))
                {
                    found = s;
                }
            }

            return found;
        }

        private bool Newer(int a, int b)
        {
            return _sectorId[a] > _sectorId[b] || (_sectorId[a] == _sectorId[b] && a < b);
        }

        /// <summary>
        /// True when a record of this sequence in this sector beats the one found for its key (<paramref name="index"/>, -1
        /// none): a higher sequence, or the same one in a newer sector (a copy the rotation made).
        /// </summary>
        private bool Beats(int index, long sequence, int sector)
        {
            return index < 0 || sequence > _keySequence[index]
                || (sequence == _keySequence[index] && _sectorId[sector] > _sectorId[_keySector[index]]);
        }

        /// <summary>Makes the record at <paramref name="address"/> its key's newest (a new key while there is room for one).</summary>
        private void Keep(int index, int key, long sequence, int address, int sector)
        {
            if (index < 0)
            {
                if (_keyCount == _maxKeys)
                {
                    return;
                }

                index = _keyCount++;
                _keys[index] = key;
            }

            _keyAddress[index] = address;
            _keySequence[index] = sequence;
            _keySector[index] = sector;
        }

        private void EncodeHeader(byte[] buffer, long id)
        {
            buffer[0] = MagicS;
            buffer[1] = MagicS;
            buffer[2] = FormatVersion;
            buffer[3] = (byte)_slotSize;
            LittleEndian.WriteUInt32(buffer, 4, (uint)id);
            LittleEndian.WriteUInt32(buffer, 8, Crc32.Compute(buffer, 0, 8));
        }

        private bool DecodeHeader(byte[] buffer, out long id)
        {
            id = LittleEndian.ReadUInt32(buffer, 4);
            return buffer[0] == MagicS && buffer[1] == MagicS && buffer[2] == FormatVersion && buffer[3] == _slotSize && id != 0
                && LittleEndian.ReadUInt32(buffer, 8) == Crc32.Compute(buffer, 0, 8);
        }
    }
}
