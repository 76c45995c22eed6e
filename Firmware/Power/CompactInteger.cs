namespace Firmware.Power
{
    /// <summary>
    /// Unsigned LEB128 integers for the power state records (7 bits a byte, low bits first), so small
    /// counters take one byte and the records stay compact in the state store.
    /// </summary>
    public static class CompactInteger
    {
        /// <summary>The most bytes one value takes (a non-negative long).</summary>
        public const int MaxLength = 9;

        /// <summary>Writes a non-negative value at <paramref name="offset"/> and moves the offset past it.</summary>
        public static void Write(byte[] buffer, ref int offset, long value)
        {
            if (value < 0)
            {
                throw new System.ArgumentOutOfRangeException("value", "must not be negative");
            }

            while (value >= 0x80)
            {
                buffer[offset++] = (byte)((value & 0x7F) | 0x80);
                value >>= 7;
            }

            buffer[offset++] = (byte)value;
        }

        /// <summary>
        /// Reads a value at <paramref name="offset"/>, no further than <paramref name="end"/>, and moves the
        /// offset past it. Returns -1 when the bytes end early or the value does not fit a non-negative long.
        /// </summary>
        public static long Read(byte[] buffer, ref int offset, int end)
        {
            long value = 0;
            for (int shift = 0; shift < 63; shift += 7)
            {
                if (offset >= end)
                {
                    return -1;
                }

                int b = buffer[offset++];
                long bits = b & 0x7F;
                if (shift == 56 && (b & 0x80) != 0)
                {
                    return -1;
                }

                value |= bits << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            return -1;
        }
    }
}
