using Firmware.Readings;

namespace Firmware.Storage
{
    /// <summary>Reading the unacknowledged readings back, oldest first.</summary>
    public sealed partial class ReadingLog
    {
        /// <summary>
        /// Fills <paramref name="into"/> from <paramref name="offset"/> with up to <paramref name="count"/> of the
        /// oldest unacknowledged readings, in sequence order (sequence numbers set). Returns how many.
        /// </summary>
        public int ReadOldest(Reading[] into, int offset, int count)
        {
            return ReadFrom(0, into, offset, count);
        }

        /// <summary>
        /// Like <see cref="ReadOldest"/>, but starting at sequence <paramref name="first"/> (for a window of
        /// batches in flight). Torn slots are skipped; rotten ones are skipped and counted once.
        /// </summary>
        public int ReadFrom(long first, Reading[] into, int offset, int count)
        {
            RequireMounted();
            if (into == null)
            {
                throw new System.ArgumentNullException("into");
            }

            if (offset < 0 || count < 0 || offset > into.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count", "outside the array of readings");
            }

            long sequence = Floor() + 1;
            if (first > sequence)
            {
                sequence = first;
            }

            int filled = 0;
            int k = 0;
            while (filled < count && sequence < _nextSequence)
            {
                while (k < _live && End(k) <= sequence)
                {
                    k++;
                }

                if (k >= _live)
                {
                    break;
                }

                int sector = _order[k];
                if (sequence < _base[sector])
                {
                    // The readings between two live sectors were in a sector whose header is unreadable.
                    CountCorrupt(sequence, _base[sector] - sequence);
                    sequence = _base[sector];
                    continue;
                }

                int size = _slotSize[sector];
                _flash.Read(SlotAddress(sector, (int)(sequence - _base[sector])), _slot, 0, size);
                int state = ReadingRecord.Check(_slot, size);
                if (state == ReadingRecord.Valid)
                {
                    Reading reading = into[offset + filled];
                    ReadingRecord.Decode(_slot, _channels[sector], _width[sector], reading);
                    reading.Sequence = sequence;
                    filled++;
                }
                else if (state == ReadingRecord.Corrupt)
                {
                    CountCorrupt(sequence, 1);
                }

                sequence++;
            }

            return filled;
        }

        private void CountCorrupt(long first, long count)
        {
            long last = first + count - 1;
            if (last <= _corruptCountedThrough)
            {
                return;
            }

            long from = first > _corruptCountedThrough ? first : _corruptCountedThrough + 1;
            _corrupt += last - from + 1;
            _corruptCountedThrough = last;
        }
    }
}
