namespace Firmware.Tests.Crypto
{
    /// <summary>Small byte-array helpers for the tests (the device has no Encoding or LINQ).</summary>
    public static class TestBytes
    {
        /// <summary>ASCII bytes of s (test strings are plain ASCII).</summary>
        public static byte[] Ascii(string s)
        {
            byte[] r = new byte[s.Length];
            for (int i = 0; i < s.Length; i++)
            {
                r[i] = (byte)s[i];
            }

            return r;
        }

        /// <summary>True if both arrays have the same length and content.</summary>
        public static bool Equal(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A copy of src with bit number bit (0 = LSB of byte 0) inverted.</summary>
        public static byte[] FlipBit(byte[] src, int bit)
        {
            byte[] r = Copy(src);
            r[bit >> 3] ^= (byte)(1 << (bit & 7));
            return r;
        }

        /// <summary>A copy of src.</summary>
        public static byte[] Copy(byte[] src)
        {
            byte[] r = new byte[src.Length];
            for (int i = 0; i < src.Length; i++)
            {
                r[i] = src[i];
            }

            return r;
        }

        /// <summary>count bytes all equal to value.</summary>
        public static byte[] Filled(byte value, int count)
        {
            byte[] r = new byte[count];
            for (int i = 0; i < count; i++)
            {
                r[i] = value;
            }

            return r;
        }

        /// <summary>count bytes of a fixed, position-dependent pattern.</summary>
        public static byte[] Pattern(int count)
        {
            byte[] r = new byte[count];
            for (int i = 0; i < count; i++)
            {
                r[i] = (byte)((i * 31) + 7);
            }

            return r;
        }

        /// <summary>A copy of src placed at offset inside a larger buffer padded with 0xA5.</summary>
        public static byte[] Embed(byte[] src, int offset, int tail)
        {
            byte[] r = Filled(0xA5, offset + src.Length + tail);
            for (int i = 0; i < src.Length; i++)
            {
                r[offset + i] = src[i];
            }

            return r;
        }
    }
}
