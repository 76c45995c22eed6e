namespace Firmware.Storage
{
    /// <summary>Mount: rebuilds the log's state from flash after any boot or cut.</summary>
    public sealed partial class ReadingLog
    {
        /// <summary>
        /// Reads every sector header, the acknowledgement bitmaps up to the first sector not wholly
        /// acknowledged, and the slots of the newest sector only. Writes nothing: whatever a cut left
        /// half done is finished or overwritten by the next operation that needs the space.
        /// </summary>
        public void Mount()
        {
            _mounted = false;
            _head = -1;
            _live = 0;
            _nextSlot = 0;
            _acknowledged = 0;
            _released = 0;
            _dropped = 0;
            _corrupt = 0;
            _corruptCountedThrough = 0;
            _wide = false;
            long newest = 0;
            for (int i = 0; i < _sectorCount; i++)
            {
                _acked[i] = -1;
                _valid[i] = ReadHeader(i);
                if (!_valid[i])
                {
                    continue;
                }

                if (_header.Dropped > _dropped)
                {
                    _dropped = _header.Dropped;
                }

                if (_header.ReleasedThrough > _released)
                {
                    _released = _header.ReleasedThrough;
                }

                if (_id[i] > newest)
                {
                    newest = _id[i];
                    _head = i;
                }
            }

            if (_head < 0)
            {
                _nextSequence = 1;
                _mounted = true;
                return;
            }

            _nextSlot = LastWrittenSlot(_head) + 1;
            _nextSequence = _base[_head] + _nextSlot;
            RebuildOrder();
            _acknowledged = WalkAcknowledged();
            _mounted = true;
        }

        /// <summary>Reads and checks sector <paramref name="sector"/>'s header into the per-sector tables.</summary>
        private bool ReadHeader(int sector)
        {
            _flash.Read(SectorAddress(sector), _scratch, 0, LogSectorHeader.Size);
            if (!_header.Decode(_scratch, 0))
            {
                return false;
            }

            int capacity = CapacityFor(_header.SlotSize);
            if (capacity < 1)
            {
                return false;
            }

            _id[sector] = _header.Id;
            _base[sector] = _header.BaseSequence;
            _slotSize[sector] = _header.SlotSize;
            _channels[sector] = _header.Channels;
            _width[sector] = _header.Width;
            _capacity[sector] = capacity;
            return true;
        }

        /// <summary>The index of the last slot that is not erased (written, torn or rotten), or -1.</summary>
        private int LastWrittenSlot(int sector)
        {
            int size = _slotSize[sector];
            for (int slot = _capacity[sector] - 1; slot >= 0; slot--)
            {
                _flash.Read(SlotAddress(sector, slot), _slot, 0, size);
                if (!FlashScan.IsErased(_slot, 0, size))
                {
                    return slot;
                }
            }

            return -1;
        }

        /// <summary>
        /// Lists the live sectors oldest first. Sectors are opened in ring order with ids growing by one, so
        /// walking back from the head a sector belongs to the chain only if its id is the head's minus its
        /// distance and its base does not exceed its successor's; stale headers of older laps, and sectors
        /// wholly acknowledged or dropped, are left out. The head is always in.
        /// </summary>
        private void RebuildOrder()
        {
            int count = 0;
            long minBase = long.MaxValue;
            for (int d = 0; d < _sectorCount; d++)
            {
                int i = (_head - d + _sectorCount) % _sectorCount;
                if (!_valid[i] || _id[i] != _id[_head] - d || _base[i] > minBase)
                {
                    continue;
                }

                minBase = _base[i];
                _order[_sectorCount - 1 - count] = i;
                count++;
            }

            System.Array.Copy(_order, _sectorCount - count, _order, 0, count);
            _live = count;

            // Drop the oldest sectors whose readings are all released.
            int dead = 0;
            while (dead < _live - 1 && End(dead) - 1 <= _released)
            {
                dead++;
            }

            if (dead > 0)
            {
                System.Array.Copy(_order, dead, _order, 0, _live - dead);
                _live -= dead;
            }
        }

        /// <summary>
        /// The acknowledged point: walking from the oldest live sector, each wholly acknowledged sector
        /// moves it to the sector's end; the first one that is not stops it inside. A bit that rots in a
        /// later sector therefore never acknowledges anything, and in the sector of the acknowledged point
        /// it can acknowledge one reading at most (flash charge loss sets bits, which only sends a reading
        /// again).
        /// </summary>
        private long WalkAcknowledged()
        {
            long acknowledged = _released;
            if (_live > 0 && _base[_order[0]] - 1 > acknowledged)
            {
                acknowledged = _base[_order[0]] - 1;
            }

            for (int k = 0; k < _live; k++)
            {
                int i = _order[k];
                long end = End(k);
                if (end - 1 <= acknowledged)
                {
                    continue;
                }

                long through = _base[i] + AckedCount(i) - 1;
                if (through >= end - 1)
                {
                    acknowledged = end - 1;
                    continue;
                }

                if (through > acknowledged)
                {
                    acknowledged = through;
                }

                break;
            }

            return acknowledged;
        }

        /// <summary>
        /// How many of the sector's slots are acknowledged: the number of cleared bits in its bitmap (read once,
        /// then kept). Counting cleared bits rather than the run from slot 0 makes a torn acknowledgement, which
        /// cleared any subset of the bits it was clearing, read as some prefix of its batch, and keeps bits it
        /// left cleared out of order from ever acknowledging more than was asked.
        /// </summary>
        private int AckedCount(int sector)
        {
            if (_acked[sector] >= 0)
            {
                return _acked[sector];
            }

            int capacity = _capacity[sector];
            int bytes = BitmapBytes(capacity);
            int count = 0;
            int address = SectorAddress(sector) + BitmapOffset;
            for (int at = 0; at < bytes;)
            {
                int n = bytes - at < _scratch.Length ? bytes - at : _scratch.Length;
                _flash.Read(address + at, _scratch, 0, n);
                for (int j = 0; j < n; j++)
                {
                    int b = _scratch[j];
                    int bits = capacity - ((at + j) * 8);
                    for (int bit = 0; bit < 8 && bit < bits; bit++)
                    {
                        count += (b >> bit) & 1 ^ 1;
                    }
                }

                at += n;
            }

            _acked[sector] = count;
            return count;
        }
    }
}
