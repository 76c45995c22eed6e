using Firmware.Readings;

namespace Firmware.Storage
{
    /// <summary>Append: writes a reading into the next slot of the head sector.</summary>
    public sealed partial class ReadingLog
    {
        /// <summary>
        /// Gives <paramref name="reading"/> the next sequence number and writes it (committed at the next
        /// <see cref="Sync"/>). The slot is written first and its commit marker after, in a separate program,
        /// so a cut leaves either a complete record or one that reads as torn. Throws
        /// <see cref="System.ArgumentException"/>, with nothing written, for a reading that cannot fit a sector.
        /// </summary>
        /// <returns>The sequence number given.</returns>
        public long Append(Reading reading)
        {
            RequireMounted();
            if (reading == null)
            {
                throw new System.ArgumentNullException("reading");
            }

            int channels = reading.Values.Length;
            int width = ReadingRecord.WidthFor(reading);
            if (_wide && width < 4)
            {
                width = 4;
            }

            int size = ReadingRecord.Size(channels, width);
            if (CapacityFor(size, LogSectorHeader.FormatVersion) < 1)
            {
                throw new System.ArgumentException("a reading of " + channels.ToString() + " channels takes " + size.ToString()
                    + " bytes; a " + _sectorSize.ToString() + "-byte log sector has room for none");
            }

            if (_nextSequence > MaxSequence)
            {
                throw new System.IO.IOException("the log's sequence numbers are used up");
            }

            if (_head < 0 || _nextSlot >= _capacity[_head] || _channels[_head] != channels || _width[_head] < width)
            {
                if (_head >= 0 && _width[_head] < width)
                {
                    // A value outside 24 bits: keep opening wide sectors for the rest of this boot, so values
                    // that swing across the limit cannot cost a sector each.
                    _wide = true;
                }

                OpenNext(channels, width);
            }

            int sector = _head;
            int slot = _nextSlot;
            long sequence = _nextSequence;
            size = _slotSize[sector];
            ReadingRecord.Encode(reading, _width[sector], _slot);

            // The slot is taken before it is written: if a write fails, it stays behind as torn.
            _nextSlot++;
            _nextSequence++;
            reading.Sequence = sequence;
            int address = SlotAddress(sector, slot);
            _flash.Program(address, _slot, 0, size - 1);
            _flash.Program(address + size - 1, _commit, 0, 1);
            return sequence;
        }
    }
}
