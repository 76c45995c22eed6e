namespace Firmware.Crypto
{
    /// <summary>
    /// Arithmetic in GF(2^255 - 19) on int[10] limbs in radix 2^25.5 (ref10 layout: limb i holds
    /// 26 bits for even i and 25 bits for odd i, at bit offset ceil(25.5 * i)). Limbs are signed and
    /// not fully reduced; products are 32x32 -> 64-bit so that each multiply is one long product.
    /// Bounds follow ref10: Add/Sub of two Mul/Sq results may be fed to Mul/Sq again (|limb| stays
    /// below 1.65 * 2^26 resp. 2^25), which keeps every 64-bit accumulator below 2^63.
    /// All outputs may alias inputs. Static methods only, no allocation except Create().
    /// </summary>
    public static class FieldElement
    {
        /// <summary>Number of limbs in a field element.</summary>
        public const int Limbs = 10;

        /// <summary>Allocates a zero element (use at construction time, not on hot paths).</summary>
        public static int[] Create()
        {
            return new int[Limbs];
        }

        /// <summary>h = 0.</summary>
        public static void Zero(int[] h)
        {
            for (int i = 0; i < Limbs; i++)
            {
                h[i] = 0;
            }
        }

        /// <summary>h = 1.</summary>
        public static void One(int[] h)
        {
            h[0] = 1;
            for (int i = 1; i < Limbs; i++)
            {
                h[i] = 0;
            }
        }

        /// <summary>h = f.</summary>
        public static void Copy(int[] h, int[] f)
        {
            for (int i = 0; i < Limbs; i++)
            {
                h[i] = f[i];
            }
        }

        /// <summary>h = f + g (no carry: limbs grow by at most one bit).</summary>
        public static void Add(int[] h, int[] f, int[] g)
        {
            for (int i = 0; i < Limbs; i++)
            {
                h[i] = f[i] + g[i];
            }
        }

        /// <summary>h = f - g (no carry).</summary>
        public static void Sub(int[] h, int[] f, int[] g)
        {
            for (int i = 0; i < Limbs; i++)
            {
                h[i] = f[i] - g[i];
            }
        }

        /// <summary>h = -f.</summary>
        public static void Neg(int[] h, int[] f)
        {
            for (int i = 0; i < Limbs; i++)
            {
                h[i] = -f[i];
            }
        }

        /// <summary>h = f * g: 100 32x32->64-bit products (see CryptoCounters).</summary>
        public static void Mul(int[] h, int[] f, int[] g)
        {
            CryptoCounters.CountMul();
            int f0 = f[0];
            int f1 = f[1];
            int f2 = f[2];
            int f3 = f[3];
            int f4 = f[4];
            int f5 = f[5];
            int f6 = f[6];
            int f7 = f[7];
            int f8 = f[8];
            int f9 = f[9];
            int g0 = g[0];
            int g1 = g[1];
            int g2 = g[2];
            int g3 = g[3];
            int g4 = g[4];
            int g5 = g[5];
            int g6 = g[6];
            int g7 = g[7];
            int g8 = g[8];
            int g9 = g[9];

            // Limbs that wrap past 2^255 come back multiplied by 19 (2^255 = 19 mod p); two odd limbs
            // (25-bit positions) multiply to an extra factor 2 because of the half-bit radix.
            int g1_19 = 19 * g1;
            int g2_19 = 19 * g2;
            int g3_19 = 19 * g3;
            int g4_19 = 19 * g4;
            int g5_19 = 19 * g5;
            int g6_19 = 19 * g6;
            int g7_19 = 19 * g7;
            int g8_19 = 19 * g8;
            int g9_19 = 19 * g9;
            int f1_2 = 2 * f1;
            int f3_2 = 2 * f3;
            int f5_2 = 2 * f5;
            int f7_2 = 2 * f7;
            int f9_2 = 2 * f9;

            long h0 = f0 * (long)g0 + f1_2 * (long)g9_19 + f2 * (long)g8_19 + f3_2 * (long)g7_19 + f4 * (long)g6_19 + f5_2 * (long)g5_19 + f6 * (long)g4_19 + f7_2 * (long)g3_19 + f8 * (long)g2_19 + f9_2 * (long)g1_19;
            long h1 = f0 * (long)g1 + f1 * (long)g0 + f2 * (long)g9_19 + f3 * (long)g8_19 + f4 * (long)g7_19 + f5 * (long)g6_19 + f6 * (long)g5_19 + f7 * (long)g4_19 + f8 * (long)g3_19 + f9 * (long)g2_19;
            long h2 = f0 * (long)g2 + f1_2 * (long)g1 + f2 * (long)g0 + f3_2 * (long)g9_19 + f4 * (long)g8_19 + f5_2 * (long)g7_19 + f6 * (long)g6_19 + f7_2 * (long)g5_19 + f8 * (long)g4_19 + f9_2 * (long)g3_19;
            long h3 = f0 * (long)g3 + f1 * (long)g2 + f2 * (long)g1 + f3 * (long)g0 + f4 * (long)g9_19 + f5 * (long)g8_19 + f6 * (long)g7_19 + f7 * (long)g6_19 + f8 * (long)g5_19 + f9 * (long)g4_19;
            long h4 = f0 * (long)g4 + f1_2 * (long)g3 + f2 * (long)g2 + f3_2 * (long)g1 + f4 * (long)g0 + f5_2 * (long)g9_19 + f6 * (long)g8_19 + f7_2 * (long)g7_19 + f8 * (long)g6_19 + f9_2 * (long)g5_19;
            long h5 = f0 * (long)g5 + f1 * (long)g4 + f2 * (long)g3 + f3 * (long)g2 + f4 * (long)g1 + f5 * (long)g0 + f6 * (long)g9_19 + f7 * (long)g8_19 + f8 * (long)g7_19 + f9 * (long)g6_19;
            long h6 = f0 * (long)g6 + f1_2 * (long)g5 + f2 * (long)g4 + f3_2 * (long)g3 + f4 * (long)g2 + f5_2 * (long)g1 + f6 * (long)g0 + f7_2 * (long)g9_19 + f8 * (long)g8_19 + f9_2 * (long)g7_19;
            long h7 = f0 * (long)g7 + f1 * (long)g6 + f2 * (long)g5 + f3 * (long)g4 + f4 * (long)g3 + f5 * (long)g2 + f6 * (long)g1 + f7 * (long)g0 + f8 * (long)g9_19 + f9 * (long)g8_19;
            long h8 = f0 * (long)g8 + f1_2 * (long)g7 + f2 * (long)g6 + f3_2 * (long)g5 + f4 * (long)g4 + f5_2 * (long)g3 + f6 * (long)g2 + f7_2 * (long)g1 + f8 * (long)g0 + f9_2 * (long)g9_19;
            long h9 = f0 * (long)g9 + f1 * (long)g8 + f2 * (long)g7 + f3 * (long)g6 + f4 * (long)g5 + f5 * (long)g4 + f6 * (long)g3 + f7 * (long)g2 + f8 * (long)g1 + f9 * (long)g0;

            long c;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;

            h[0] = (int)h0;
            h[1] = (int)h1;
            h[2] = (int)h2;
            h[3] = (int)h3;
            h[4] = (int)h4;
            h[5] = (int)h5;
            h[6] = (int)h6;
            h[7] = (int)h7;
            h[8] = (int)h8;
            h[9] = (int)h9;
        }

        /// <summary>h = f^2: 55 products.</summary>
        public static void Sq(int[] h, int[] f)
        {
            CryptoCounters.CountSquare();
            int f0 = f[0];
            int f1 = f[1];
            int f2 = f[2];
            int f3 = f[3];
            int f4 = f[4];
            int f5 = f[5];
            int f6 = f[6];
            int f7 = f[7];
            int f8 = f[8];
            int f9 = f[9];
            int f0_2 = 2 * f0;
            int f1_2 = 2 * f1;
            int f2_2 = 2 * f2;
            int f3_2 = 2 * f3;
            int f4_2 = 2 * f4;
            int f5_2 = 2 * f5;
            int f6_2 = 2 * f6;
            int f7_2 = 2 * f7;
            int f5_38 = 38 * f5;
            int f6_19 = 19 * f6;
            int f7_38 = 38 * f7;
            int f8_19 = 19 * f8;
            int f9_38 = 38 * f9;

            long h0 = f0 * (long)f0 + f1_2 * (long)f9_38 + f2_2 * (long)f8_19 + f3_2 * (long)f7_38 + f4_2 * (long)f6_19 + f5 * (long)f5_38;
            long h1 = f0_2 * (long)f1 + f2 * (long)f9_38 + f3_2 * (long)f8_19 + f4 * (long)f7_38 + f5_2 * (long)f6_19;
            long h2 = f0_2 * (long)f2 + f1_2 * (long)f1 + f3_2 * (long)f9_38 + f4_2 * (long)f8_19 + f5_2 * (long)f7_38 + f6 * (long)f6_19;
            long h3 = f0_2 * (long)f3 + f1_2 * (long)f2 + f4 * (long)f9_38 + f5_2 * (long)f8_19 + f6 * (long)f7_38;
            long h4 = f0_2 * (long)f4 + f1_2 * (long)f3_2 + f2 * (long)f2 + f5_2 * (long)f9_38 + f6_2 * (long)f8_19 + f7 * (long)f7_38;
            long h5 = f0_2 * (long)f5 + f1_2 * (long)f4 + f2_2 * (long)f3 + f6 * (long)f9_38 + f7_2 * (long)f8_19;
            long h6 = f0_2 * (long)f6 + f1_2 * (long)f5_2 + f2_2 * (long)f4 + f3_2 * (long)f3 + f7_2 * (long)f9_38 + f8 * (long)f8_19;
            long h7 = f0_2 * (long)f7 + f1_2 * (long)f6 + f2_2 * (long)f5 + f3_2 * (long)f4 + f8 * (long)f9_38;
            long h8 = f0_2 * (long)f8 + f1_2 * (long)f7_2 + f2_2 * (long)f6 + f3_2 * (long)f5_2 + f4 * (long)f4 + f9 * (long)f9_38;
            long h9 = f0_2 * (long)f9 + f1_2 * (long)f8 + f2_2 * (long)f7 + f3_2 * (long)f6 + f4_2 * (long)f5;

            long c;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;

            h[0] = (int)h0;
            h[1] = (int)h1;
            h[2] = (int)h2;
            h[3] = (int)h3;
            h[4] = (int)h4;
            h[5] = (int)h5;
            h[6] = (int)h6;
            h[7] = (int)h7;
            h[8] = (int)h8;
            h[9] = (int)h9;
        }

        /// <summary>h = 2 * f^2: 55 products (used by point doubling).</summary>
        public static void Sq2(int[] h, int[] f)
        {
            CryptoCounters.CountSquare();
            int f0 = f[0];
            int f1 = f[1];
            int f2 = f[2];
            int f3 = f[3];
            int f4 = f[4];
            int f5 = f[5];
            int f6 = f[6];
            int f7 = f[7];
            int f8 = f[8];
            int f9 = f[9];
            int f0_2 = 2 * f0;
            int f1_2 = 2 * f1;
            int f2_2 = 2 * f2;
            int f3_2 = 2 * f3;
            int f4_2 = 2 * f4;
            int f5_2 = 2 * f5;
            int f6_2 = 2 * f6;
            int f7_2 = 2 * f7;
            int f5_38 = 38 * f5;
            int f6_19 = 19 * f6;
            int f7_38 = 38 * f7;
            int f8_19 = 19 * f8;
            int f9_38 = 38 * f9;

            long h0 = f0 * (long)f0 + f1_2 * (long)f9_38 + f2_2 * (long)f8_19 + f3_2 * (long)f7_38 + f4_2 * (long)f6_19 + f5 * (long)f5_38;
            long h1 = f0_2 * (long)f1 + f2 * (long)f9_38 + f3_2 * (long)f8_19 + f4 * (long)f7_38 + f5_2 * (long)f6_19;
            long h2 = f0_2 * (long)f2 + f1_2 * (long)f1 + f3_2 * (long)f9_38 + f4_2 * (long)f8_19 + f5_2 * (long)f7_38 + f6 * (long)f6_19;
            long h3 = f0_2 * (long)f3 + f1_2 * (long)f2 + f4 * (long)f9_38 + f5_2 * (long)f8_19 + f6 * (long)f7_38;
            long h4 = f0_2 * (long)f4 + f1_2 * (long)f3_2 + f2 * (long)f2 + f5_2 * (long)f9_38 + f6_2 * (long)f8_19 + f7 * (long)f7_38;
            long h5 = f0_2 * (long)f5 + f1_2 * (long)f4 + f2_2 * (long)f3 + f6 * (long)f9_38 + f7_2 * (long)f8_19;
            long h6 = f0_2 * (long)f6 + f1_2 * (long)f5_2 + f2_2 * (long)f4 + f3_2 * (long)f3 + f7_2 * (long)f9_38 + f8 * (long)f8_19;
            long h7 = f0_2 * (long)f7 + f1_2 * (long)f6 + f2_2 * (long)f5 + f3_2 * (long)f4 + f8 * (long)f9_38;
            long h8 = f0_2 * (long)f8 + f1_2 * (long)f7_2 + f2_2 * (long)f6 + f3_2 * (long)f5_2 + f4 * (long)f4 + f9 * (long)f9_38;
            long h9 = f0_2 * (long)f9 + f1_2 * (long)f8 + f2_2 * (long)f7 + f3_2 * (long)f6 + f4_2 * (long)f5;

            h0 += h0;
            h1 += h1;
            h2 += h2;
            h3 += h3;
            h4 += h4;
            h5 += h5;
            h6 += h6;
            h7 += h7;
            h8 += h8;
            h9 += h9;

            long c;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;

            h[0] = (int)h0;
            h[1] = (int)h1;
            h[2] = (int)h2;
            h[3] = (int)h3;
            h[4] = (int)h4;
            h[5] = (int)h5;
            h[6] = (int)h6;
            h[7] = (int)h7;
            h[8] = (int)h8;
            h[9] = (int)h9;
        }

        /// <summary>h = f^(2^n) for n &gt;= 1, by repeated squaring.</summary>
        public static void SqN(int[] h, int[] f, int n)
        {
            Sq(h, f);
            for (int i = 1; i < n; i++)
            {
                Sq(h, h);
            }
        }

        /// <summary>
        /// h = 1 / z = z^(p - 2) (and 0 for z = 0). Fixed addition chain from ref10:
        /// 254 squarings and 11 multiplications. t0..t3 are caller-provided scratch elements.
        /// </summary>
        public static void Invert(int[] h, int[] z, int[] t0, int[] t1, int[] t2, int[] t3)
        {
            Sq(t0, z);              // 2
            SqN(t1, t0, 2);         // 8
            Mul(t1, z, t1);         // 9
            Mul(t0, t0, t1);        // 11
            Sq(t2, t0);             // 22
            Mul(t1, t1, t2);        // 2^5 - 1
            SqN(t2, t1, 5);
            Mul(t1, t2, t1);        // 2^10 - 1
            SqN(t2, t1, 10);
            Mul(t2, t2, t1);        // 2^20 - 1
            SqN(t3, t2, 20);
            Mul(t2, t3, t2);        // 2^40 - 1
            SqN(t2, t2, 10);
            Mul(t1, t2, t1);        // 2^50 - 1
            SqN(t2, t1, 50);
            Mul(t2, t2, t1);        // 2^100 - 1
            SqN(t3, t2, 100);
            Mul(t2, t3, t2);        // 2^200 - 1
            SqN(t2, t2, 50);
            Mul(t1, t2, t1);        // 2^250 - 1
            SqN(t1, t1, 5);         // 2^255 - 2^5
            Mul(h, t1, t0);         // 2^255 - 21 = p - 2
        }

        /// <summary>
        /// h = z^((p - 5) / 8) = z^(2^252 - 3), the core of the square root used when decoding points.
        /// t0..t2 are caller-provided scratch elements.
        /// </summary>
        public static void Pow22523(int[] h, int[] z, int[] t0, int[] t1, int[] t2)
        {
            Sq(t0, z);              // 2
            SqN(t1, t0, 2);         // 8
            Mul(t1, z, t1);         // 9
            Mul(t0, t0, t1);        // 11
            Sq(t0, t0);             // 22
            Mul(t0, t1, t0);        // 2^5 - 1
            SqN(t1, t0, 5);
            Mul(t0, t1, t0);        // 2^10 - 1
            SqN(t1, t0, 10);
            Mul(t1, t1, t0);        // 2^20 - 1
            SqN(t2, t1, 20);
            Mul(t1, t2, t1);        // 2^40 - 1
            SqN(t1, t1, 10);
            Mul(t0, t1, t0);        // 2^50 - 1
            SqN(t1, t0, 50);
            Mul(t1, t1, t0);        // 2^100 - 1
            SqN(t2, t1, 100);
            Mul(t1, t2, t1);        // 2^200 - 1
            SqN(t1, t1, 50);
            Mul(t0, t1, t0);        // 2^250 - 1
            SqN(t0, t0, 2);         // 2^252 - 4
            Mul(h, t0, z);          // 2^252 - 3
        }

        /// <summary>
        /// Loads 32 little-endian bytes, ignoring bit 255. Values in [p, 2^255) are accepted and act as
        /// their residue; callers that need canonical input must check it themselves.
        /// </summary>
        public static void FromBytes(int[] h, byte[] s, int offset)
        {
            // Each limb is taken as an exact bit field (at most 32 bits read per limb).
            long h0 = Load32(s, offset) & 0x3ffffff;
            long h1 = (Load32(s, offset + 3) >> 2) & 0x1ffffff;
            long h2 = (Load32(s, offset + 6) >> 3) & 0x3ffffff;
            long h3 = (Load32(s, offset + 9) >> 5) & 0x1ffffff;
            long h4 = (Load32(s, offset + 12) >> 6) & 0x3ffffff;
            long h5 = Load32(s, offset + 16) & 0x1ffffff;
            long h6 = (Load32(s, offset + 19) >> 1) & 0x3ffffff;
            long h7 = (Load32(s, offset + 22) >> 3) & 0x1ffffff;
            long h8 = (Load32(s, offset + 25) >> 4) & 0x3ffffff;
            long h9 = (Load32(s, offset + 28) >> 6) & 0x1ffffff;

            // Centre the limbs like Mul output does, so the result is a valid input everywhere.
            long c;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;

            h[0] = (int)h0;
            h[1] = (int)h1;
            h[2] = (int)h2;
            h[3] = (int)h3;
            h[4] = (int)h4;
            h[5] = (int)h5;
            h[6] = (int)h6;
            h[7] = (int)h7;
            h[8] = (int)h8;
            h[9] = (int)h9;
        }

        /// <summary>Writes the canonical (fully reduced mod p) 32-byte little-endian encoding of h.</summary>
        public static void ToBytes(byte[] s, int offset, int[] h)
        {
            long h0 = h[0];
            long h1 = h[1];
            long h2 = h[2];
            long h3 = h[3];
            long h4 = h[4];
            long h5 = h[5];
            long h6 = h[6];
            long h7 = h[7];
            long h8 = h[8];
            long h9 = h[9];
            long c;

            // First bring every limb into its centred range, so the quotient estimate below is exact
            // whatever add/sub history the input has.
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;

            // q = floor(h / p) in {-1, 0, 1}; computing h - q * p gives the canonical value (ref10).
            long q = (19 * h9 + (1L << 24)) >> 25;
            q = (h0 + q) >> 26;
            q = (h1 + q) >> 25;
            q = (h2 + q) >> 26;
            q = (h3 + q) >> 25;
            q = (h4 + q) >> 26;
            q = (h5 + q) >> 25;
            q = (h6 + q) >> 26;
            q = (h7 + q) >> 25;
            q = (h8 + q) >> 26;
            q = (h9 + q) >> 25;

            h0 += 19 * q;
            c = h0 >> 26; h1 += c; h0 -= c << 26;
            c = h1 >> 25; h2 += c; h1 -= c << 25;
            c = h2 >> 26; h3 += c; h2 -= c << 26;
            c = h3 >> 25; h4 += c; h3 -= c << 25;
            c = h4 >> 26; h5 += c; h4 -= c << 26;
            c = h5 >> 25; h6 += c; h5 -= c << 25;
            c = h6 >> 26; h7 += c; h6 -= c << 26;
            c = h7 >> 25; h8 += c; h7 -= c << 25;
            c = h8 >> 26; h9 += c; h8 -= c << 26;
            c = h9 >> 25; h9 -= c << 25;

            // Limbs are now exact non-negative bit fields at offsets 0,26,51,77,102,128,153,179,204,230.
            s[offset] = (byte)h0;
            s[offset + 1] = (byte)(h0 >> 8);
            s[offset + 2] = (byte)(h0 >> 16);
            s[offset + 3] = (byte)((h0 >> 24) | (h1 << 2));
            s[offset + 4] = (byte)(h1 >> 6);
            s[offset + 5] = (byte)(h1 >> 14);
            s[offset + 6] = (byte)((h1 >> 22) | (h2 << 3));
            s[offset + 7] = (byte)(h2 >> 5);
            s[offset + 8] = (byte)(h2 >> 13);
            s[offset + 9] = (byte)((h2 >> 21) | (h3 << 5));
            s[offset + 10] = (byte)(h3 >> 3);
            s[offset + 11] = (byte)(h3 >> 11);
            s[offset + 12] = (byte)((h3 >> 19) | (h4 << 6));
            s[offset + 13] = (byte)(h4 >> 2);
            s[offset + 14] = (byte)(h4 >> 10);
            s[offset + 15] = (byte)(h4 >> 18);
            s[offset + 16] = (byte)h5;
            s[offset + 17] = (byte)(h5 >> 8);
            s[offset + 18] = (byte)(h5 >> 16);
            s[offset + 19] = (byte)((h5 >> 24) | (h6 << 1));
            s[offset + 20] = (byte)(h6 >> 7);
            s[offset + 21] = (byte)(h6 >> 15);
            s[offset + 22] = (byte)((h6 >> 23) | (h7 << 3));
            s[offset + 23] = (byte)(h7 >> 5);
            s[offset + 24] = (byte)(h7 >> 13);
            s[offset + 25] = (byte)((h7 >> 21) | (h8 << 4));
            s[offset + 26] = (byte)(h8 >> 4);
            s[offset + 27] = (byte)(h8 >> 12);
            s[offset + 28] = (byte)((h8 >> 20) | (h9 << 6));
            s[offset + 29] = (byte)(h9 >> 2);
            s[offset + 30] = (byte)(h9 >> 10);
            s[offset + 31] = (byte)(h9 >> 18);
        }

        /// <summary>True if the canonical value of f is odd (the "sign" of x in RFC 8032).</summary>
        public static bool IsNegative(int[] f, byte[] scratch32)
        {
            ToBytes(scratch32, 0, f);
            return (scratch32[0] & 1) != 0;
        }

        /// <summary>True if f is 0 mod p.</summary>
        public static bool IsZero(int[] f, byte[] scratch32)
        {
            ToBytes(scratch32, 0, f);
            int acc = 0;
            for (int i = 0; i < 32; i++)
            {
                acc |= scratch32[i];
            }

            return acc == 0;
        }

        /// <summary>h = small constant (|v| &lt; 2^25).</summary>
        public static void FromInt(int[] h, int v)
        {
            Zero(h);
            h[0] = v;
        }

        private static long Load32(byte[] s, int o)
        {
            return (long)((uint)s[o] | ((uint)s[o + 1] << 8) | ((uint)s[o + 2] << 16) | ((uint)s[o + 3] << 24));
        }
    }
}
