namespace Firmware.Text
{
    /// <summary>
    /// JSON numbers as exact decimals, never floating point: the text is read into a mantissa of at most 18
    /// significant digits and a power of ten, so "21.5" is exactly 215 × 10^-1 on every runtime, and a value is then
    /// asked for at the scale the caller keeps it in.
    /// </summary>
    public static class JsonNumber
    {
        /// <summary>Significant digits a mantissa keeps (a long holds 18 decimal digits whatever they are).</summary>
        public const int MaxMantissaDigits = 18;

        /// <summary>
        /// Reads the number (RFC 8259: [ "-" ] int [ frac ] [ exp ]) that starts at <paramref name="start"/>, within the
        /// bytes before <paramref name="end"/>, as <paramref name="mantissa"/> × 10^<paramref name="exponent"/>. Returns
        /// null when it is valid (<paramref name="stop"/> is the byte after it), or why not (<paramref name="stop"/> is
        /// where the fault is).
        /// </summary>
        public static string Scan(byte[] buffer, int start, int end, out int stop, out long mantissa, out int exponent)
        {
            int p = start;
            mantissa = 0;
            exponent = 0;
            bool negative = false;
            if (buffer[p] == (byte)'-')
            {
                negative = true;
                p++;
            }

            stop = p;
            if (p >= end || !IsDigit(buffer[p]))
            {
                return "invalid number";
            }

            int digits = 0;
            if (buffer[p] == (byte)'0')
            {
                p++;
                if (p < end && IsDigit(buffer[p]))
                {
                    stop = p;
                    return "leading zeros are not allowed in numbers";
                }
            }
            else
            {
                while (p < end && IsDigit(buffer[p]))
                {
                    if (!Accumulate(ref mantissa, ref digits, buffer[p]))
                    {
                        exponent++;
                    }

                    p++;
                }
            }

            if (p < end && buffer[p] == (byte)'.')
            {
                p++;
                if (p >= end || !IsDigit(buffer[p]))
                {
                    stop = p;
                    return "a decimal point must be followed by digits";
                }

                while (p < end && IsDigit(buffer[p]))
                {
                    if (Accumulate(ref mantissa, ref digits, buffer[p]))
                    {
                        exponent--;
                    }

                    p++;
                }
            }

            if (p < end && (buffer[p] == (byte)'e' || buffer[p] == (byte)'E'))
            {
                p++;
                bool expNegative = false;
                if (p < end && (buffer[p] == (byte)'+' || buffer[p] == (byte)'-'))
                {
                    expNegative = buffer[p] == (byte)'-';
                    p++;
                }

                if (p >= end || !IsDigit(buffer[p]))
                {
                    stop = p;
                    return "an exponent must have digits";
                }

                int e = 0;
                while (p < end && IsDigit(buffer[p]))
                {
                    if (e > 1000)
                    {
                        stop = p;
                        return "number exponent out of range";
                    }

                    e = (e * 10) + (buffer[p] - '0');
                    p++;
                }

                exponent += expNegative ? -e : e;
            }

            stop = p;
            if (digits > MaxMantissaDigits)
            {
                return "number has more than 18 significant digits";
            }

            if (negative)
            {
                mantissa = -mantissa;
            }

            return null;
        }

        /// <summary>
        /// <paramref name="mantissa"/> × 10^<paramref name="exponent"/> as value × 10^<paramref name="scale"/> exactly:
        /// 215 × 10^-1 at scale -2 is 2150. False when it has more decimals than the scale allows or does not fit a long.
        /// </summary>
        public static bool ToFixed(long mantissa, int exponent, int scale, out long value)
        {
            value = 0;
            long m = mantissa;
            int shift = exponent - scale;
            if (m == 0)
            {
                return true;
            }

            while (shift > 0)
            {
                if (m > long.MaxValue / 10 || m < long.MinValue / 10)
                {
                    return false;
                }

                m *= 10;
                shift--;
            }

            while (shift < 0)
            {
                if (m % 10 != 0)
                {
                    return false;
                }

                m /= 10;
                shift++;
            }

            value = m;
            return true;
        }

        // Adds a digit to the mantissa; digits past the 18th only count when nonzero (then the number is
        // rejected). Returns true when the digit was taken into the mantissa.
        private static bool Accumulate(ref long mantissa, ref int digits, byte digit)
        {
            int d = digit - '0';
            if (mantissa == 0 && d == 0)
            {
                return true;
            }

            if (digits < MaxMantissaDigits)
            {
                mantissa = (mantissa * 10) + d;
                digits++;
                return true;
            }

            if (d != 0)
            {
                digits++;
            }

            return false;
        }

        private static bool IsDigit(byte c)
        {
            return c >= (byte)'0' && c <= (byte)'9';
        }
    }
}
