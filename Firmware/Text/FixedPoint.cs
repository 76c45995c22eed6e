namespace Firmware.Text
{
    /// <summary>
    /// Writes fixed-point integers as decimal ASCII. The core never formats floating point for anything a
    /// receiver parses: device and desktop runtimes format doubles differently, so our own integer code
    /// makes the device and the host twin emit the same bytes.
    /// </summary>
    public static class FixedPoint
    {
        // Enough for a 20-digit magnitude, a sign, a point and leading zeros of any scale we allow.
        private const int MaxScaleDigits = 18;

        /// <summary>Largest number of bytes <see cref="Write"/> can produce.</summary>
        public const int MaxLength = 41;

        /// <summary>
        /// Writes value × 10^scale at <paramref name="position"/> in the shortest exact form (no exponent,
        /// no trailing fractional zeros: 2150 with scale -2 is "21.5"). Returns the position after the
        /// last byte, or -1 when it does not fit before <paramref name="limit"/> (nothing then counts).
        /// </summary>
        public static int Write(byte[] buffer, int position, int limit, long value, int scale)
        {
            if (scale < -MaxScaleDigits || scale > MaxScaleDigits)
            {
                throw new System.ArgumentOutOfRangeException("scale", "scale must be within -18..18");
            }

            bool negative = value < 0;
            ulong magnitude = negative ? (ulong)(-(value + 1)) + 1UL : (ulong)value;

            // Drop trailing zeros of the fraction; they carry no information.
            int fractionDigits = scale < 0 ? -scale : 0;
            while (fractionDigits > 0 && magnitude != 0 && magnitude % 10UL == 0UL)
            {
                magnitude /= 10UL;
                fractionDigits--;
            }

            if (magnitude == 0)
            {
                negative = false;
                fractionDigits = 0;
            }

            int trailingZeros = scale > 0 && magnitude != 0 ? scale : 0;
            int digits = CountDigits(magnitude);
            int integerDigits = digits > fractionDigits ? digits - fractionDigits : 1;
            int length = (negative ? 1 : 0) + integerDigits + trailingZeros
                + (fractionDigits > 0 ? 1 + fractionDigits : 0);
            if (position < 0 || position + length > limit)
            {
                return -1;
            }

            int end = position + length;
            int p = end;
            for (int i = 0; i < trailingZeros; i++)
            {
                buffer[--p] = (byte)'0';
            }

            for (int i = 0; i < fractionDigits; i++)
            {
                buffer[--p] = (byte)('0' + (int)(magnitude % 10UL));
                magnitude /= 10UL;
            }

            if (fractionDigits > 0)
            {
                buffer[--p] = (byte)'.';
            }

            do
            {
                buffer[--p] = (byte)('0' + (int)(magnitude % 10UL));
                magnitude /= 10UL;
            }
            while (magnitude != 0);

            if (negative)
            {
                buffer[--p] = (byte)'-';
            }

            return end;
        }

        /// <summary>The same text as <see cref="Write"/>, as a string (for logs and tests; allocates).</summary>
        public static string Format(long value, int scale)
        {
            byte[] scratch = new byte[MaxLength];
            int end = Write(scratch, 0, scratch.Length, value, scale);
            return Utf8.Decode(scratch, 0, end);
        }

        private static int CountDigits(ulong value)
        {
            int digits = 1;
            while (value >= 10UL)
            {
                value /= 10UL;
                digits++;
            }

            return digits;
        }
    }
}
