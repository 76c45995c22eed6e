using System;
using System.Collections;

namespace Firmware.Host.Fleet
{
    /// <summary>The sequence numbers of one reading log (one device, one epoch) that a receiver holds: a bit each.</summary>
    public sealed class SequenceSet
    {
        private BitArray _bits = new BitArray(1024);

        /// <summary>Distinct sequence numbers held.</summary>
        public long Distinct { get; private set; }

        /// <summary>Sequence numbers received again.</summary>
        public long Duplicates { get; private set; }

        /// <summary>The highest sequence number held (0 for none).</summary>
        public long Highest { get; private set; }

        /// <summary>Adds one; true when it was new.</summary>
        public bool Add(long sequence)
        {
            if (sequence < 1 || sequence > int.MaxValue - 1)
            {
                throw new ArgumentOutOfRangeException(nameof(sequence), "a sequence number is 1 or more");
            }

            int index = (int)sequence;
            if (index >= _bits.Length)
            {
                _bits.Length = Math.Max(index + 1, _bits.Length * 2);
            }

            if (_bits[index])
            {
                Duplicates++;
                return false;
            }

            _bits[index] = true;
            Distinct++;
            Highest = Math.Max(Highest, sequence);
            return true;
        }

        public bool Contains(long sequence) => sequence >= 1 && sequence < _bits.Length && _bits[(int)sequence];
    }
}
