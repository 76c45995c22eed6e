namespace Firmware.Storage
{
    /// <summary>Acknowledging: releasing readings the broker has confirmed.</summary>
    public sealed partial class ReadingLog
    {
        /// <summary>
        /// Releases every reading up to and including <paramref name="through"/> (committed at the next
        /// <see cref="Sync"/>). Clears acknowledgement bits oldest sector first, so a cut leaves a prefix
        /// of the batch acknowledged (per sector, the number of cleared bits is what counts). Returns false,
        /// writing nothing, when they already are. Throws
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

        /// <summary>
        /// Clears bits of the sector's bitmap, lowest set bits first, until <paramref name="count"/> are cleared.
        /// Programs only the bytes that change, in one write.
        /// </summary>
        private void ClearAckBits(int sector, int count)
        {
            int done = AckedCount(sector);
            if (count <= done)
            {
                return;
            }

            int bitmap = SectorAddress(sector) + BitmapOffset;
            int bytes = BitmapBytes(_capacity[sector]);
            int need = count - done;
            int capacity = _capacity[sector];
            for (int at = 0; at < bytes && need > 0;)
            {
                int n = bytes - at < _scratch.Length ? bytes - at : _scratch.Length;
                _flash.Read(bitmap + at, _scratch, 0, n);
                int changedFrom = -1;
                int changedTo = -1;
                for (int j = 0; j < n && need > 0; j++)
                {
                    int b = _scratch[j];
                    int bits = capacity - ((at + j) * 8);
                    for (int bit = 0; bit < 8 && bit < bits && need > 0; bit++)
                    {
                        if (((b >> bit) & 1) != 0)
                        {
                            b &= ~(1 << bit);
                            need--;
                        }
                    }

                    if (b != _scratch[j])
                    {
                        _scratch[j] = (byte)b;
                        changedFrom = changedFrom < 0 ? j : changedFrom;
                        changedTo = j;
                    }
                }

                if (changedFrom >= 0)
                {
                    _flash.Program(bitmap + at + changedFrom, _scratch, changedFrom, changedTo - changedFrom + 1);
                }

                at += n;
            }

            _acked[sector] = count;
        }
    }
}
