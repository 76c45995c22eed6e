namespace Firmware.Crypto
{
    /// <summary>
    /// Arithmetic on Ed25519 scalars modulo the group order
    /// L = 2^252 + 27742317777372353535851937790883648493, on 32-byte little-endian encodings.
    /// Static methods only; callers pass their scratch so nothing is allocated.
    /// </summary>
    public static class Scalar25519
    {
        /// <summary>Encoded length of a scalar.</summary>
        public const int Size = 32;

        /// <summary>Number of entries a NAF buffer must have.</summary>
        public const int NafLength = 256;

        /// <summary>Number of long limbs the Reduce scratch must have.</summary>
        public const int ReduceScratchLength = 24;

        // L in little-endian bytes.
        private static readonly byte[] L =
        {
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
        };

        /// <summary>
        /// True if s[offset..offset+32) encodes an integer below L (RFC 8032 requires 0 &lt;= S &lt; L to
        /// rule out malleable signatures). Variable time: S is public.
        /// </summary>
        public static bool IsCanonical(byte[] s, int offset)
        {
            for (int i = Size - 1; i >= 0; i--)
            {
                int a = s[offset + i];
                int b = L[i];
                if (a != b)
                {
                    return a < b;
                }
            }

            return false; // equal to L
        }

        /// <summary>
        /// r[rOffset..+32) = s[sOffset..+64) mod L, the reduction of a SHA-512 output (ref10 sc_reduce).
        /// t is scratch of ReduceScratchLength longs. r may not overlap s.
        /// </summary>
        public static void Reduce(byte[] s, int sOffset, byte[] r, int rOffset, long[] t)
        {
            CryptoCounters.CountScalarReduce();

            // 24 limbs of 21 bits; the last takes the remaining 29 bits.
            for (int i = 0; i < 23; i++)
            {
                int bit = 21 * i;
                t[i] = (Load32(s, sOffset + (bit >> 3)) >> (bit & 7)) & 0x1fffff;
            }

            t[23] = Load32(s, sOffset + 60) >> 3;

            // Limb i (i >= 12) has weight 2^(21 i) = 2^252 * 2^(21 (i - 12)); 2^252 = -(L - 2^252) mod L,
            // which is folded in as six signed 21-bit digits. Interleaved carries keep all limbs in range.
            for (int i = 23; i >= 18; i--)
            {
                Fold(t, i);
            }

            CarryRounded(t, 6);
            CarryRounded(t, 8);
            CarryRounded(t, 10);
            CarryRounded(t, 12);
            CarryRounded(t, 14);
            CarryRounded(t, 16);
            CarryRounded(t, 7);
            CarryRounded(t, 9);
            CarryRounded(t, 11);
            CarryRounded(t, 13);
            CarryRounded(t, 15);

            for (int i = 17; i >= 12; i--)
            {
                Fold(t, i);
            }

            for (int i = 0; i <= 10; i += 2)
            {
                CarryRounded(t, i);
            }

            for (int i = 1; i <= 11; i += 2)
            {
                CarryRounded(t, i);
            }

            Fold(t, 12);
            for (int i = 0; i <= 11; i++)
            {
                CarryFloor(t, i);
            }

            Fold(t, 12);
            for (int i = 0; i <= 10; i++)
            {
                CarryFloor(t, i);
            }

            // Pack 12 limbs of 21 bits (252 bits plus bit 252 of limb 11) into 32 bytes.
            long acc = 0;
            int accBits = 0;
            int o = rOffset;
            for (int i = 0; i < 12; i++)
            {
                acc |= t[i] << accBits;
                accBits += 21;
                while (accBits >= 8)
                {
                    r[o++] = (byte)acc;
                    acc >>= 8;
                    accBits -= 8;
                }
            }

            r[o] = (byte)acc;
        }

        /// <summary>
        /// Width-w non-adjacent form of the scalar s[offset..offset+32) (which must be below 2^255):
        /// naf[i] is 0 or an odd digit in (-2^(w-1), 2^(w-1)), sum naf[i] 2^i = s, and any w consecutive
        /// entries hold at most one non-zero digit. naf must have NafLength entries; width is 2..8.
        /// </summary>
        public static void ComputeNaf(byte[] s, int offset, int width, sbyte[] naf)
        {
            for (int i = 0; i < NafLength; i++)
            {
                naf[i] = 0;
            }

            int full = 1 << width;
            int mask = full - 1;
            int half = full >> 1;
            int carry = 0;
            int pos = 0;
            while (pos < NafLength)
            {
                int byteIndex = pos >> 3;
                int v = s[offset + byteIndex];
                if (byteIndex + 1 < Size)
                {
                    v |= s[offset + byteIndex + 1] << 8;
                }

                int window = carry + ((v >> (pos & 7)) & mask);
                if ((window & 1) == 0)
                {
                    // Even window (including the carry): this bit is zero, move on by one.
                    pos++;
                    continue;
                }

                if (window < half)
                {
                    carry = 0;
                    naf[pos] = (sbyte)window;
                }
                else
                {
                    // Negative digit: borrow from the next window.
                    carry = 1;
                    naf[pos] = (sbyte)(window - full);
                }

                pos += width;
            }
        }

        private static void Fold(long[] t, int i)
        {
            long v = t[i];
            t[i] = 0;
            t[i - 12] += v * 666643;
            t[i - 11] += v * 470296;
            t[i - 10] += v * 654183;
            t[i - 9] -= v * 997805;
            t[i - 8] += v * 136657;
            t[i - 7] -= v * 683901;
        }

        private static void CarryRounded(long[] t, int i)
        {
            long c = (t[i] + (1L << 20)) >> 21;
            t[i + 1] += c;
            t[i] -= c << 21;
        }

        private static void CarryFloor(long[] t, int i)
        {
            long c = t[i] >> 21;
            t[i + 1] += c;
            t[i] -= c << 21;
        }

        private static long Load32(byte[] s, int o)
        {
            return (long)((uint)s[o] | ((uint)s[o + 1] << 8) | ((uint)s[o + 2] << 16) | ((uint)s[o + 3] << 24));
        }
    }
}
