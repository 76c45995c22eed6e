namespace Firmware.Storage
{
    /// <summary>Mount: rebuilds the log's state from flash after any boot or cut.</summary>
    public sealed partial class ReadingLog
    {
        /// <summary>
        /// Reads every sector's header, the slots of the newest sector, and the acknowledgement bitmaps only of the
        /// sectors the acknowledged point depends on (<see cref="WalkAcknowledged"/>): a boot reads a fixed amount
        /// however full the log is. Writes nothing: whatever a cut left half done is finished or overwritten by the
        /// next operation that needs the space.
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
            _epoch = 0;
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
                    _epoch = _header.Epoch;
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

            int capacity = CapacityFor(_header.SlotSize, _header.Version);
            if (capacity < 1)
            {
                return false;
            }

            _version[sector] = _header.Version;
            _id[sector] = _header.Id;
            _base[sector] = _header.BaseSequence;
            _slotSize[sector] = _header.SlotSize;
            _channels[sector] = _header.Channels;
            _width[sector] = _header.Width;
            _capacity[sector] = capacity;
            return true;
        }

        /// <summary>
        /// The index of the last slot that is not erased (written, torn or rotten), or -1. The slots are scanned from
        /// the end in reads of the scratch buffer, not one read per slot: a file-backed flash pays for every read.
        /// </summary>
        private int LastWrittenSlot(int sector)
        {
            int size = _slotSize[sector];
            int first = SlotAddress(sector, 0);
            int last = FlashScan.LastWrittenByte(_flash, first, _capacity[sector] * size, _scratch);
            return last < 0 ? -1 : last / size;
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
        /// The acknowledged point: walking from the oldest live sector, each wholly acknowledged sector moves it to
        /// the sector's end; the first one that is not stops it inside, unless a later sector of the current format
        /// has readings acknowledged in both its bitmaps. Acknowledging clears the sectors oldest first, each to its
        /// end before the next, so such a sector proves every earlier one was wholly acknowledged: a bit that flash
        /// charge loss set again in an earlier sector (0 to 1) then sends nothing again, and in the sector of the
        /// acknowledged point it sends one reading again. A bit cleared by a disturb (1 to 0) counts only when both
        /// copies agree (<see cref="AckedCount"/>), so it never acknowledges a reading the broker did not.
        /// </summary>
        private long WalkAcknowledged()
        {
            long acknowledged = _released;
            if (_live > 0 && _base[_order[0]] - 1 > acknowledged)
            {
                acknowledged = _base[_order[0]] - 1;
            }

            // The newest sector whose two bitmaps both record an acknowledgement.
            int proven = -1;
            for (int k = _live - 1; k >= 0 && proven < 0; k--)
            {
                int i = _order[k];
                if (LogSectorHeader.BitmapCopiesFor(_version[i]) > 1 && End(k) - 1 > acknowledged && AckedCount(i) > 0)
                {
                    proven = k;
                }
            }

            for (int k = 0; k < _live; k++)
            {
                int i = _order[k];
                long end = End(k);
                if (end - 1 <= acknowledged)
                {
                    continue;
                }

                if (k < proven)
                {
                    // Proven wholly acknowledged by a later sector: its bitmaps are not read.
                    acknowledged = end - 1;
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
        /// How many of the sector's slots are acknowledged: the number of bits cleared in every copy of its bitmap
        /// (read once, then kept). Counting cleared bits rather than the run from slot 0 makes a torn
        /// acknowledgement, which cleared any subset of the bits it was clearing, read as some prefix of its batch,
        /// and keeps bits it left cleared out of order from ever acknowledging more than was asked; counting only
        /// the bits both copies cleared keeps a bit that a disturb cleared in one copy (or one bit in each copy)
        /// from acknowledging anything.
        /// </summary>
        private int AckedCount(int sector)
        {
            if (_acked[sector] < 0)
            {
                _acked[sector] = UpdateBitmaps(sector, 0);
            }

            return _acked[sector];
        }

        /// <summary>
        /// Reads the sector's bitmap copies and, when <paramref name="count"/> is larger than the bits cleared in all
        /// of them, clears that many more of the lowest bits not yet cleared in all of them, in every copy (the first
        /// copy first, one program per copy and chunk). Returns the bits cleared in all copies: never more than
        /// <paramref name="count"/> unless they already were, so bits a torn acknowledgement left cleared out of
        /// order never acknowledge more than was asked.
        /// </summary>
        private int UpdateBitmaps(int sector, int count)
        {
            int cleared = WalkBitmaps(sector, 0);
            if (count > cleared)
            {
                WalkBitmaps(sector, count - cleared);
                cleared = count;
            }

            return cleared;
        }

        /// <summary>The number of bits set in each value of four bits.</summary>
        private static readonly byte[] BitsSetInNibble = new byte[] { 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4 };

        /// <summary>
        /// Counts the bits cleared in every copy of the sector's bitmap, clearing on the way, in every copy, the
        /// lowest <paramref name="clear"/> bits that are not.
        /// </summary>
        private int WalkBitmaps(int sector, int clear)
        {
            int capacity = _capacity[sector];
            int copies = LogSectorHeader.BitmapCopiesFor(_version[sector]);
            int bytes = BitmapBytes(capacity);
            const int Chunk = 128;
            int cleared = 0;
            for (int at = 0; at < bytes; at += Chunk)
            {
                int n = bytes - at < Chunk ? bytes - at : Chunk;
                for (int copy = 0; copy < copies; copy++)
                {
                    _flash.Read(BitmapAddress(sector, copy) + at, _scratch, copy * Chunk, n);
                }

                int from = -1;
                int to = -1;
                for (int j = 0; j < n; j++)
                {
                    int bits = capacity - ((at + j) * 8);
                    int any = _scratch[j];
                    for (int copy = 1; copy < copies; copy++)
                    {
                        any |= _scratch[(copy * Chunk) + j];
                    }

                    if (clear == 0)
                    {
                        // Only counting (every mount, for every sector): the byte's cleared bits at once rather than
                        // bit by bit, which on the interpreter is most of a full log's mount.
                        int cleared8 = ~any & (bits >= 8 ? 0xFF : (1 << bits) - 1);
                        cleared += BitsSetInNibble[cleared8 & 0xF] + BitsSetInNibble[cleared8 >> 4];
                        continue;
                    }

                    for (int bit = 0; bit < 8 && bit < bits; bit++)
                    {
                        int mask = 1 << bit;
                        if ((any & mask) == 0)
                        {
                            cleared++;
                        }
                        else if (clear > 0)
                        {
                            for (int copy = 0; copy < copies; copy++)
                            {
                                _scratch[(copy * Chunk) + j] = (byte)(_scratch[(copy * Chunk) + j] & ~mask);
                            }

                            clear--;
                            cleared++;
                            from = from < 0 ? j : from;
                            to = j;
                        }
                    }
                }

                if (from >= 0)
                {
                    // Only the bytes that change; a byte already cleared in one copy is programmed again unchanged.
                    for (int copy = 0; copy < copies; copy++)
                    {
                        _flash.Program(BitmapAddress(sector, copy) + at + from, _scratch, (copy * Chunk) + from, to - from + 1);
                    }
                }
            }

            return cleared;
        }
    }
}
