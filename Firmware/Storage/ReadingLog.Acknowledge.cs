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
        /// Clears the lowest bits not yet cleared in every copy of the sector's bitmap until <paramref name="count"/>
        /// are, each copy in turn (<see cref="UpdateBitmaps"/>).
        /// </summary>
        private void ClearAckBits(int sector, int count)
        {
            if (count <= AckedCount(sector))
            {
                return;
            }

            _acked[sector] = UpdateBitmaps(sector, count);
        }
    }
}
