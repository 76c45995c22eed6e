namespace Firmware.Crypto
{
    /// <summary>
    /// Ed25519 signature verification (RFC 8032 section 5.1.7, pure Ed25519 without context or
    /// pre-hash). All scratch is allocated in the constructor, so Verify allocates nothing. An instance
    /// is not thread-safe; use one per thread or the locked static <see cref="Ed25519.Verify"/>.
    /// <para>
    /// Check performed: the cofactorless equation [S]B = R + [k]A, by encoding comparison as in ref10
    /// and the RFC 8032 reference code: encode([S]B + [k](-A)) == R, with k = SHA-512(R || A || M) mod L.
    /// Because the encoding is canonical this equals "R decodes to a point and [S]B = R + [k]A", and it
    /// rejects any R that is non-canonical or not on the curve without decoding it. (BouncyCastle 2.x
    /// decodes R and checks the same equation, also without the cofactor.)
    /// </para>
    /// <para>
    /// Rejected without exception: null arrays, offsets/lengths out of range, S &gt;= L, a public key
    /// with y &gt;= p, not on the curve, or x = 0 with the sign bit set, and of course wrong signatures.
    /// </para>
    /// <para>
    /// Small-order public keys are accepted by default, as RFC 8032 specifies. Set
    /// <see cref="RejectSmallOrderPublicKeys"/> to refuse them like BouncyCastle 2.x and libsodium do
    /// (with such a key one signature can verify for every message).
    /// </para>
    /// Variable time: verification handles only public data.
    /// </summary>
    public sealed class Ed25519Verifier
    {
        /// <summary>Public key length in bytes.</summary>
        public const int PublicKeySize = 32;

        /// <summary>Signature length in bytes (R || S).</summary>
        public const int SignatureSize = 64;

        // NAF width for the per-signature point -A: 8 odd multiples, which is the sweet spot between
        // table set-up (7 additions) and additions saved in the main loop.
        private const int PointNafWidth = 5;
        private const int PointTableSize = 1 << (PointNafWidth - 2);

        private readonly int[] d2;
        private readonly GePrecomp[] baseTable;
        private readonly PointCodec codec;
        private readonly Sha512 sha = new Sha512();
        private readonly byte[] hash = new byte[Sha512.HashSize];
        private readonly byte[] k = new byte[Scalar25519.Size];
        private readonly byte[] check = new byte[32];
        private readonly long[] reduceScratch = new long[Scalar25519.ReduceScratchLength];
        private readonly sbyte[] nafK = new sbyte[Scalar25519.NafLength];
        private readonly sbyte[] nafS = new sbyte[Scalar25519.NafLength];
        private readonly GeP3 negA = new GeP3();
        private readonly GeCached[] aTable = new GeCached[PointTableSize];
        private readonly GeCached twiceA = new GeCached();
        private readonly GeP1P1 t = new GeP1P1();
        private readonly GeP3 u = new GeP3();
        private readonly GeP2 r = new GeP2();
        private bool rejectSmallOrderPublicKeys;

        /// <summary>Creates a verifier; the first one built also builds the shared tables.</summary>
        public Ed25519Verifier()
        {
            Ed25519Tables tables = Ed25519Tables.Get();
            d2 = tables.D2;
            baseTable = tables.BaseOddMultiples;
            codec = new PointCodec(tables.D, tables.SqrtM1);
            for (int i = 0; i < aTable.Length; i++)
            {
                aTable[i] = new GeCached();
            }
        }

        /// <summary>
        /// When true, public keys of small order (the 8 points with [8]A = identity) are rejected.
        /// Default false: RFC 8032 behaviour. Costs three point doublings per verification when set.
        /// </summary>
        public bool RejectSmallOrderPublicKeys
        {
            get { return rejectSmallOrderPublicKeys; }
            set { rejectSmallOrderPublicKeys = value; }
        }

        /// <summary>Verifies a 64-byte signature over the whole message with a 32-byte public key.</summary>
        public bool Verify(byte[] publicKey, byte[] message, byte[] signature)
        {
            if (publicKey == null || message == null || signature == null)
            {
                return false;
            }

            if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
            {
                return false;
            }

            return Verify(publicKey, 0, message, 0, message.Length, signature, 0);
        }

        /// <summary>
        /// Verifies signature[sigOffset..+64) over message[msgOffset..+msgLength) with the public key
        /// publicKey[pkOffset..+32). Returns false for any malformed input; never throws.
        /// </summary>
        public bool Verify(byte[] publicKey, int pkOffset, byte[] message, int msgOffset, int msgLength, byte[] signature, int sigOffset)
        {
            if (publicKey == null || message == null || signature == null)
            {
                return false;
            }

            // Range checks written so that int overflow cannot make a bad range pass.
            if (pkOffset < 0 || pkOffset > publicKey.Length - PublicKeySize)
            {
                return false;
            }

            if (sigOffset < 0 || sigOffset > signature.Length - SignatureSize)
            {
                return false;
            }

            if (msgOffset < 0 || msgLength < 0 || msgOffset > message.Length - msgLength)
            {
                return false;
            }

            // S must be canonical (0 <= S < L), otherwise signatures are malleable.
            if (!Scalar25519.IsCanonical(signature, sigOffset + 32))
            {
                return false;
            }

            // A must decode per RFC 8032 5.1.3 (canonical y, on the curve, no -0).
            if (!codec.TryDecode(negA, publicKey, pkOffset))
            {
                return false;
            }

            if (rejectSmallOrderPublicKeys && HasSmallOrder(negA))
            {
                return false;
            }

            negA.Negate();

            // k = SHA-512(R || A || M) mod L, hashing the key bytes exactly as given.
            sha.Reset();
            sha.Update(signature, sigOffset, 32);
            sha.Update(publicKey, pkOffset, PublicKeySize);
            sha.Update(message, msgOffset, msgLength);
            sha.Final(hash, 0);
            Scalar25519.Reduce(hash, 0, k, 0, reduceScratch);

            DoubleScalarMultiply(signature, sigOffset + 32);
            codec.Encode(r, check, 0);

            int diff = 0;
            for (int i = 0; i < 32; i++)
            {
                diff |= check[i] ^ signature[sigOffset + i];
            }

            return diff == 0;
        }

        // [8]p is the identity exactly for the small-order points; x = 0 suffices because the group
        // has no element of order 16, so [8]p cannot be (0, -1).
        private bool HasSmallOrder(GeP3 p)
        {
            r.SetFromP3(p);
            for (int i = 0; i < 3; i++)
            {
                t.SetDouble(r);
                r.SetFromP1P1(t);
            }

            return FieldElement.IsZero(r.X, check);
        }

        // r = [k](-A) + [S]B, variable time, interleaving both NAFs over one chain of doublings
        // (ref10 ge_double_scalarmult_vartime, with a wider window for the fixed base).
        private void DoubleScalarMultiply(byte[] s, int sOffset)
        {
            Scalar25519.ComputeNaf(k, 0, PointNafWidth, nafK);
            Scalar25519.ComputeNaf(s, sOffset, Ed25519Tables.BaseNafWidth, nafS);

            // aTable[i] = (2i + 1)(-A), stepping by 2(-A) from -A.
            aTable[0].SetFromP3(negA, d2);
            r.SetFromP3(negA);
            t.SetDouble(r);
            u.SetFromP1P1(t);
            twiceA.SetFromP3(u, d2);
            u.CopyFrom(negA);
            for (int i = 1; i < PointTableSize; i++)
            {
                t.SetAdd(u, twiceA);
                u.SetFromP1P1(t);
                aTable[i].SetFromP3(u, d2);
            }

            int top = Scalar25519.NafLength - 1;
            while (top >= 0 && nafK[top] == 0 && nafS[top] == 0)
            {
                top--;
            }

            r.SetIdentity();
            for (int i = top; i >= 0; i--)
            {
                t.SetDouble(r);

                int da = nafK[i];
                if (da > 0)
                {
                    u.SetFromP1P1(t);
                    t.SetAdd(u, aTable[da >> 1]);
                }
                else if (da < 0)
                {
                    u.SetFromP1P1(t);
                    t.SetSub(u, aTable[(-da) >> 1]);
                }

                int db = nafS[i];
                if (db > 0)
                {
                    u.SetFromP1P1(t);
                    t.SetMixedAdd(u, baseTable[db >> 1]);
                }
                else if (db < 0)
                {
                    u.SetFromP1P1(t);
                    t.SetMixedSub(u, baseTable[(-db) >> 1]);
                }

                r.SetFromP1P1(t);
            }
        }
    }
}
