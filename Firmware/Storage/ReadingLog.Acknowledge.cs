namespace Firmware.Storage
{
    /// <summary>Acknowledging: releasing readings the broker has confirmed.</summary>
    public sealed partial class ReadingLog
    {
        /// <summary>
        /// Releases every reading up to and including <paramref name="through"/> (committed at the next
        /// <see cref="Sync"/>). Clears acknowledgement bits oldest sector first, so a cut leaves a prefix
        /// acknowledged. Returns false, writing nothing, when they already are. Throws
        /// <see cref="System.ArgumentOutOfRangeException"/>, writing nothing, for a sequence number the log
        /// never gave out.
        /// </summary>
        public bool Acknowledge(long through)
        {
            RequireMounted();
            if (through < 0 || through > _nextSequence - 1)
            {
                throw new System.ArgumentOutOfRangeException("through", "sequence " + through.ToString()
                    + " is not held: the newest reading is " + (_nextSequence - 1).ToString());
            }

            long floor = Floor();
            if (through <= floor)
            {
                return false;
            }

            for (int k = 0; k < _live; k++)
            {
                int sector = _order[k];
                long end = End(k);
                if (end - 1 <= floor)
                {
                    continue;
                }

                if (_base[sector] > through)
                {
                    break;
                }

                long last = through < end - 1 ? through : end - 1;
                ClearAckBits(sector, (int)(last - _base[sector] + 1));
            }

            _acknowledged = through;
            return true;
        }

        /// <summary>Clears the bits of slots below <paramref name="prefix"/> that are not cleared yet.</summary>
        private void ClearAckBits(int sector, int prefix)
        {
            int done = AckedPrefix(sector);
            if (prefix <= done)
            {
                return;
            }

            int first = done / 8;
            int last = (prefix - 1) / 8;
            int bitmap = SectorAddress(sector) + BitmapOffset;
            while (first <= last)
            {
                int count = last - first + 1 < _scratch.Length ? last - first + 1 : _scratch.Length;
                _flash.Read(bitmap + first, _scratch, 0, count);
                for (int j = 0; j < count; j++)
                {
                    int below = prefix - ((first + j) * 8);
                    int keep = below >= 8 ? 0 : (0xFF << below) & 0xFF;
                    _scratch[j] = (byte)(_scratch[j] & keep);
                }

                _flash.Program(bitmap + first, _scratch, 0, count);
                first += count;
            }

            _acked[sector] = prefix;
        }
    }
}
