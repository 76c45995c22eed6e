namespace Firmware.Storage
{
    /// <summary>Opening a new head sector, and retiring the oldest one to keep a free sector ahead.</summary>
    public sealed partial class ReadingLog
    {
        /// <summary>
        /// Opens the sector after the head (n) for slots of the given format. The sector after it (m) is
        /// retired first, on paper: the new header records that every sequence of m is released and adds
        /// m's unacknowledged readings to the dropped total. m is physically erased only when it becomes
        /// the next n. So the drop is counted in the same write that makes it, and a cut anywhere leaves
        /// either the old head (nothing happened) or the new header (the drop happened and is counted).
        /// </summary>
        private void OpenNext(int channels, int width)
        {
            int n = _head < 0 ? 0 : (_head + 1) % _sectorCount;
            int m = (n + 1) % _sectorCount;
            long released = _released;
            long dropped = _dropped;
            int retired = OrderIndexOf(m);
            if (retired >= 0 && m != _head)
            {
                long end = End(retired);
                dropped += CountUnacknowledged(m, end);
                if (end - 1 > released)
                {
                    released = end - 1;
                }
            }

            int address = SectorAddress(n);
            if (!FlashScan.IsErased(_flash, address, _sectorSize, _scratch))
            {
                _flash.Erase(n);
            }

            _valid[n] = false;
            _header.SlotSize = ReadingRecord.Size(channels, width);
            _header.Channels = channels;
            _header.Width = width;
            _header.Id = _head < 0 ? 1 : _id[_head] + 1;
            _header.BaseSequence = _nextSequence;
            _header.Dropped = dropped;
            _header.ReleasedThrough = released;
            if (_head < 0)
            {
                // Erased flash: this sector formats the log.
                _epoch = NewEpoch();
            }

            _header.Epoch = _epoch;
            _header.Encode(_scratch, 0);
            _flash.Program(address, _scratch, 0, LogSectorHeader.CopySize);
            _flash.Program(address + LogSectorHeader.CopySize, _scratch, 0, LogSectorHeader.CopySize);

            _valid[n] = true;
            _id[n] = _header.Id;
            _base[n] = _nextSequence;
            _slotSize[n] = _header.SlotSize;
            _channels[n] = channels;
            _width[n] = width;
            _version[n] = LogSectorHeader.FormatVersion;
            _capacity[n] = CapacityFor(_header.SlotSize, LogSectorHeader.FormatVersion);
            _acked[n] = 0;
            _head = n;
            _nextSlot = 0;
            _dropped = dropped;
            _released = released;
            RebuildOrder();
        }

        /// <summary>Valid readings of <paramref name="sector"/> below <paramref name="end"/> not yet acknowledged.</summary>
        private long CountUnacknowledged(int sector, long end)
        {
            long floor = Floor();
            long count = 0;
            int size = _slotSize[sector];
            for (long sequence = _base[sector]; sequence < end; sequence++)
            {
                if (sequence <= floor)
                {
                    continue;
                }

                _flash.Read(SlotAddress(sector, (int)(sequence - _base[sector])), _slot, 0, size);
                if (ReadingRecord.Check(_slot, size) == ReadingRecord.Valid)
                {
                    count++;
                }
            }

            return count;
        }
    }
}
