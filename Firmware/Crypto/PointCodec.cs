namespace Firmware.Crypto
{
    /// <summary>
    /// Encoding and decoding of Ed25519 points (RFC 8032 section 5.1.2 / 5.1.3), with preallocated
    /// scratch so that neither allocates. Not thread-safe: one instance per user.
    /// </summary>
    public sealed class PointCodec
    {
        private readonly int[] d;
        private readonly int[] sqrtM1;
        private readonly int[] u = FieldElement.Create();
        private readonly int[] v = FieldElement.Create();
        private readonly int[] v3 = FieldElement.Create();
        private readonly int[] vxx = FieldElement.Create();
        private readonly int[] check = FieldElement.Create();
        private readonly int[] t0 = FieldElement.Create();
        private readonly int[] t1 = FieldElement.Create();
        private readonly int[] t2 = FieldElement.Create();
        private readonly int[] t3 = FieldElement.Create();
        private readonly byte[] bytes = new byte[32];

        /// <summary>Creates a codec for the curve constants d and sqrt(-1) (see Ed25519Tables).</summary>
        public PointCodec(int[] d, int[] sqrtM1)
        {
            this.d = d;
            this.sqrtM1 = sqrtM1;
        }

        /// <summary>
        /// Decodes s[offset..offset+32) into r following RFC 8032 5.1.3 exactly. Returns false (leaving r
        /// unspecified) if y is not canonical (y &gt;= p), if x^2 = (y^2 - 1) / (d y^2 + 1) has no
        /// square root (not a curve point), or if x = 0 while the sign bit is 1. Variable time.
        /// </summary>
        public bool TryDecode(GeP3 r, byte[] s, int offset)
        {
            if (!IsCanonicalY(s, offset))
            {
                return false;
            }

            int sign = s[offset + 31] >> 7;
            FieldElement.FromBytes(r.Y, s, offset);
            FieldElement.One(r.Z);

            FieldElement.Sq(u, r.Y);
            FieldElement.Mul(v, u, d);
            FieldElement.Sub(u, u, r.Z);            // u = y^2 - 1
            FieldElement.Add(v, v, r.Z);            // v = d y^2 + 1

            // Candidate root x = u v^3 (u v^7)^((p-5)/8) (RFC 8032 5.1.3 step 2), one exponentiation.
            FieldElement.Sq(v3, v);
            FieldElement.Mul(v3, v3, v);            // v^3
            FieldElement.Sq(r.X, v3);
            FieldElement.Mul(r.X, r.X, v);
            FieldElement.Mul(r.X, r.X, u);          // u v^7
            FieldElement.Pow22523(r.X, r.X, t0, t1, t2);
            FieldElement.Mul(r.X, r.X, v3);
            FieldElement.Mul(r.X, r.X, u);

            FieldElement.Sq(vxx, r.X);
            FieldElement.Mul(vxx, vxx, v);
            FieldElement.Sub(check, vxx, u);        // v x^2 - u
            if (!FieldElement.IsZero(check, bytes))
            {
                FieldElement.Add(check, vxx, u);    // v x^2 + u
                if (!FieldElement.IsZero(check, bytes))
                {
                    return false;                   // not a square: no such point
                }

                FieldElement.Mul(r.X, r.X, sqrtM1);
            }

            if (FieldElement.IsZero(r.X, bytes))
            {
                // RFC 8032 5.1.3 step 4: x = 0 with sign bit 1 is an invalid (non-canonical) encoding.
                if (sign != 0)
                {
                    return false;
                }
            }
            else if ((FieldElement.IsNegative(r.X, bytes) ? 1 : 0) != sign)
            {
                FieldElement.Neg(r.X, r.X);
            }

            FieldElement.Mul(r.T, r.X, r.Y);
            return true;
        }

        /// <summary>Writes the canonical 32-byte encoding of p (one inversion).</summary>
        public void Encode(GeP2 p, byte[] s, int offset)
        {
            FieldElement.Invert(t3, p.Z, u, v, v3, vxx);
            FieldElement.Mul(t0, p.X, t3);          // x
            FieldElement.Mul(t1, p.Y, t3);          // y
            FieldElement.ToBytes(s, offset, t1);
            if (FieldElement.IsNegative(t0, bytes))
            {
                s[offset + 31] |= 0x80;
            }
        }

        /// <summary>Writes the canonical 32-byte encoding of p (one inversion).</summary>
        public void Encode(GeP3 p, byte[] s, int offset)
        {
            FieldElement.Invert(t3, p.Z, u, v, v3, vxx);
            FieldElement.Mul(t0, p.X, t3);
            FieldElement.Mul(t1, p.Y, t3);
            FieldElement.ToBytes(s, offset, t1);
            if (FieldElement.IsNegative(t0, bytes))
            {
                s[offset + 31] |= 0x80;
            }
        }

        /// <summary>
        /// True if the 255-bit y in s[offset..offset+32) (sign bit ignored) is below p = 2^255 - 19,
        /// i.e. the encoding is not one of the 19 non-canonical values p .. 2^255 - 1.
        /// </summary>
        public static bool IsCanonicalY(byte[] s, int offset)
        {
            if ((s[offset + 31] & 0x7f) != 0x7f)
            {
                return true;
            }

            for (int i = 30; i >= 1; i--)
            {
                if (s[offset + i] != 0xff)
                {
                    return true;
                }
            }

            return s[offset] < 0xed;
        }
    }
}
