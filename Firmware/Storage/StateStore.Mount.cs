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

            for (int s = 0; s < _sectorCount; s++)
            {
                if (!_validSector[s])
                {
                    continue;
                }

                for (int slot = 1; slot < _slotsPerSector; slot++)
                {
                    int address = SlotAddress(s, slot);
                    _flash.Read(address, _buffer, 0, _slotSize);
                    if (CheckSlot(_buffer) != ReadingRecord.Valid)
                    {
                        continue;
                    }

                    long sequence = LittleEndian.ReadUInt32(_buffer, 4);
                    Consider(LittleEndian.ReadUInt16(_buffer, 0), sequence, address, s);
                    if (sequence > newestSequence)
                    {
                        newestSequence = sequence;
                    }
                }
            }

            _nextSequence = newestSequence + 1;
            if (_active >= 0)
            {
                _writeSlot = 1;
                for (int slot = _slotsPerSector - 1; slot >= 1; slot--)
                {
                    _flash.Read(SlotAddress(_active, slot), _buffer, 0, _slotSize);
                    if (!FlashScan.IsErased(_buffer, 0, _slotSize))
                    {
                        _writeSlot = slot + 1;
                        break;
                    }
                }
            }

            _mounted = true;
        }

        private void Consider(int key, long sequence, int address, int sector)
        {
            int index = IndexOf(key);
            if (index < 0)
            {
                if (_keyCount == _maxKeys)
                {
                    return;
                }

                index = _keyCount++;
                _keys[index] = key;
            }
            else if (sequence < _keySequence[index] || (sequence == _keySequence[index] && _sectorId[sector] <= _sectorId[_keySector[index]]))
            {
                return;
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
