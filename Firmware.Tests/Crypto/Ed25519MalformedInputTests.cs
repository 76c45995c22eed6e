using Firmware.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Crypto
{
    /// <summary>
    /// Malformed and non-canonical inputs: all must return false without throwing. Where possible the
    /// bad encoding is built so that it WOULD verify if the rule under test were not enforced, so a
    /// missing check cannot hide behind an unrelated failure.
    /// </summary>
    [TestClass]
    public class Ed25519MalformedInputTests
    {
        // RFC 8032 TEST 1.
        private const string Pk1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        private const string Sig1 = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

        // Encodings of special values (little-endian).
        private const string IdentityPoint = "0100000000000000000000000000000000000000000000000000000000000000";
        private const string BasePoint = "5866666666666666666666666666666666666666666666666666666666666666";
        private const string ScalarOne = "0100000000000000000000000000000000000000000000000000000000000000";
        private const string ScalarZero = "0000000000000000000000000000000000000000000000000000000000000000";
        private const string FieldP = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
        private const string FieldPPlus1 = "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
        private const string OrderL = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
        private const string OrderLPlus1 = "eed3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

        [TestMethod]
        public void NullArgumentsReturnFalse()
        {
            byte[] pk = Hex.Decode(Pk1);
            byte[] sig = Hex.Decode(Sig1);
            byte[] msg = new byte[0];
            Assert.IsFalse(Ed25519.Verify(null, msg, sig), "null key");
            Assert.IsFalse(Ed25519.Verify(pk, null, sig), "null message");
            Assert.IsFalse(Ed25519.Verify(pk, msg, null), "null signature");
            Assert.IsFalse(Ed25519.Verify(null, null, null), "all null");
            Assert.IsTrue(Ed25519.Verify(pk, msg, sig), "control");
        }

        [TestMethod]
        public void WrongLengthsReturnFalse()
        {
            byte[] pk = Hex.Decode(Pk1);
            byte[] sig = Hex.Decode(Sig1);
            byte[] msg = new byte[0];
            Assert.IsFalse(Ed25519.Verify(new byte[0], msg, sig), "empty key");
            Assert.IsFalse(Ed25519.Verify(new byte[31], msg, sig), "31-byte key");
            Assert.IsFalse(Ed25519.Verify(TestBytes.Embed(pk, 0, 1), msg, sig), "33-byte key");
            Assert.IsFalse(Ed25519.Verify(pk, msg, new byte[0]), "empty signature");
            Assert.IsFalse(Ed25519.Verify(pk, msg, new byte[63]), "63-byte signature");
            Assert.IsFalse(Ed25519.Verify(pk, msg, TestBytes.Embed(sig, 0, 1)), "65-byte signature");
        }

        [TestMethod]
        public void ScalarNotBelowOrderIsRejected()
        {
            byte[] pk = Hex.Decode(Pk1);
            byte[] msg = new byte[0];
            byte[] sig = Hex.Decode(Sig1);

            // S + L is the same residue as S, so this would verify without the S < L check.
            byte[] sPlusL = Hex.Decode("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "4c8c7872aa064e049dbb3013fbf29380d25bf5f0595bbe24655141438e7a101b");
            Assert.IsTrue(Ed25519.Verify(pk, msg, sig), "control");
            Assert.IsFalse(Ed25519.Verify(pk, msg, sPlusL), "S + L");
            Assert.IsFalse(Ed25519.Verify(pk, msg, Hex.Decode(Sig1.Substring(0, 64) + OrderL)), "S = L");
            Assert.IsFalse(Ed25519.Verify(pk, msg, Hex.Decode(Sig1.Substring(0, 64) + OrderLPlus1)), "S = L + 1");
            Assert.IsFalse(
                Ed25519.Verify(pk, msg, Hex.Decode(Sig1.Substring(0, 64) + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")),
                "S = 2^256 - 1");

            byte[] topBit = TestBytes.FlipBit(sig, 511);
            Assert.IsFalse(Ed25519.Verify(pk, msg, topBit), "S with bit 255 set");
        }

        [TestMethod]
        public void SmallOrderKeyIsAcceptedWhenCanonical()
        {
            // RFC 8032 does not reject small-order keys. With A = identity, [S]B = R + [k]A holds for
            // R = B, S = 1 and any message. This is the control for the non-canonical cases below.
            byte[] sig = Hex.Decode(BasePoint + ScalarOne);
            Assert.IsTrue(Ed25519.Verify(Hex.Decode(IdentityPoint), TestBytes.Ascii("any message"), sig), "canonical identity key");
        }

        [TestMethod]
        public void SmallOrderKeysAreRejectedWhenOptedIn()
        {
            // All eight points of order 1, 2, 4 and 8, canonically encoded.
            string[] smallOrder =
            {
                IdentityPoint,
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000080",
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            };
            Ed25519Verifier strict = new Ed25519Verifier();
            strict.RejectSmallOrderPublicKeys = true;
            byte[] sig = Hex.Decode(BasePoint + ScalarOne);
            byte[] msg = TestBytes.Ascii("any message");
            for (int i = 0; i < smallOrder.Length; i++)
            {
                Assert.IsFalse(strict.Verify(Hex.Decode(smallOrder[i]), msg, sig), "small-order key " + i.ToString());
            }

            Assert.IsTrue(new Ed25519Verifier().Verify(Hex.Decode(IdentityPoint), msg, sig), "default policy accepts");
            for (int i = 0; i < Rfc8032Vectors.Count; i++)
            {
                Assert.IsTrue(
                    strict.Verify(Hex.Decode(Rfc8032Vectors.PublicKeys[i]), Hex.Decode(Rfc8032Vectors.Messages[i]), Hex.Decode(Rfc8032Vectors.Signatures[i])),
                    "strict " + Rfc8032Vectors.Names[i]);
            }
        }

        [TestMethod]
        public void NonCanonicalKeyYIsRejected()
        {
            byte[] sig = Hex.Decode(BasePoint + ScalarOne);
            byte[] msg = TestBytes.Ascii("any message");

            // y = p + 1 is 1 mod p: the identity again, and this signature would verify if y >= p were accepted.
            Assert.IsFalse(Ed25519.Verify(Hex.Decode(FieldPPlus1), msg, sig), "key y = p + 1");

            // y = p is 0 mod p, which is a curve point ((sqrt(-1), 0), order 4) if reduced.
            Assert.IsFalse(Ed25519.Verify(Hex.Decode(FieldP), msg, sig), "key y = p");

            // The same with the sign bit set, and the largest 255-bit value.
            Assert.IsFalse(Ed25519.Verify(TestBytes.FlipBit(Hex.Decode(FieldPPlus1), 255), msg, sig), "key y = p + 1, sign 1");
            Assert.IsFalse(
                Ed25519.Verify(Hex.Decode("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), msg, sig),
                "key y = 2^255 - 1");
        }

        [TestMethod]
        public void KeyWithZeroXAndSignBitIsRejected()
        {
            byte[] sig = Hex.Decode(BasePoint + ScalarOne);
            byte[] msg = TestBytes.Ascii("any message");

            // RFC 8032 5.1.3 step 4: x = 0 with x_0 = 1 fails. Identity with the sign bit would otherwise verify.
            Assert.IsFalse(
                Ed25519.Verify(Hex.Decode("0100000000000000000000000000000000000000000000000000000000000080"), msg, sig),
                "identity with sign bit");

            // y = -1 (the point of order 2) with the sign bit.
            Assert.IsFalse(
                Ed25519.Verify(Hex.Decode("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"), msg, sig),
                "(0, -1) with sign bit");
        }

        [TestMethod]
        public void KeyNotOnCurveIsRejected()
        {
            byte[] msg = new byte[0];
            byte[] sig = Hex.Decode(Sig1);

            // y = 2 gives x^2 = 3 / (4d + 1), which is not a square mod p.
            Assert.IsFalse(
                Ed25519.Verify(Hex.Decode("0200000000000000000000000000000000000000000000000000000000000000"), msg, sig),
                "key y = 2");
            Assert.IsFalse(
                Ed25519.Verify(Hex.Decode("0200000000000000000000000000000000000000000000000000000000000080"), msg, sig),
                "key y = 2, sign 1");
        }

        [TestMethod]
        public void NonCanonicalOrInvalidRIsRejected()
        {
            // With A = identity and S = 0, [S]B - [k]A is the identity, so R = identity verifies...
            byte[] key = Hex.Decode(IdentityPoint);
            byte[] msg = TestBytes.Ascii("R tests");
            Assert.IsTrue(Ed25519.Verify(key, msg, Hex.Decode(IdentityPoint + ScalarZero)), "canonical R control");

            // ...but not through a non-canonical encoding of the identity.
            Assert.IsFalse(Ed25519.Verify(key, msg, Hex.Decode(FieldPPlus1 + ScalarZero)), "R y = p + 1");
            Assert.IsFalse(
                Ed25519.Verify(key, msg, Hex.Decode("0100000000000000000000000000000000000000000000000000000000000080" + ScalarZero)),
                "R identity with sign bit");

            // R not on the curve.
            Assert.IsFalse(
                Ed25519.Verify(key, msg, Hex.Decode("0200000000000000000000000000000000000000000000000000000000000000" + ScalarZero)),
                "R y = 2");
            Assert.IsFalse(
                Ed25519.Verify(Hex.Decode(Pk1), new byte[0], Hex.Decode("0200000000000000000000000000000000000000000000000000000000000000" + Sig1.Substring(64))),
                "R y = 2 with a real key");
        }

        [TestMethod]
        public void AllZeroAndAllOnesInputsReturnFalse()
        {
            byte[] msg = TestBytes.Ascii("abc");
            Assert.IsFalse(Ed25519.Verify(new byte[32], msg, new byte[64]), "zeros");
            Assert.IsFalse(Ed25519.Verify(TestBytes.Filled(0xff, 32), msg, TestBytes.Filled(0xff, 64)), "ones");
        }

        [TestMethod]
        public void InstanceApiRejectsBadRangesWithoutThrowing()
        {
            Ed25519Verifier verifier = new Ed25519Verifier();
            byte[] pk = Hex.Decode(Pk1);
            byte[] sig = Hex.Decode(Sig1);
            byte[] msg = new byte[0];

            Assert.IsTrue(verifier.Verify(pk, 0, msg, 0, 0, sig, 0), "control");
            Assert.IsFalse(verifier.Verify(null, 0, msg, 0, 0, sig, 0), "null key");
            Assert.IsFalse(verifier.Verify(pk, 0, null, 0, 0, sig, 0), "null message");
            Assert.IsFalse(verifier.Verify(pk, 0, msg, 0, 0, null, 0), "null signature");
            Assert.IsFalse(verifier.Verify(pk, -1, msg, 0, 0, sig, 0), "negative key offset");
            Assert.IsFalse(verifier.Verify(pk, 1, msg, 0, 0, sig, 0), "key overruns");
            Assert.IsFalse(verifier.Verify(pk, int.MaxValue, msg, 0, 0, sig, 0), "huge key offset");
            Assert.IsFalse(verifier.Verify(pk, int.MinValue, msg, 0, 0, sig, 0), "min key offset");
            Assert.IsFalse(verifier.Verify(pk, 0, msg, 0, 0, sig, -1), "negative signature offset");
            Assert.IsFalse(verifier.Verify(pk, 0, msg, 0, 0, sig, 1), "signature overruns");
            Assert.IsFalse(verifier.Verify(pk, 0, msg, 0, 0, sig, int.MaxValue), "huge signature offset");
            Assert.IsFalse(verifier.Verify(pk, 0, msg, -1, 0, sig, 0), "negative message offset");
            Assert.IsFalse(verifier.Verify(pk, 0, msg, 0, -1, sig, 0), "negative message length");
            Assert.IsFalse(verifier.Verify(pk, 0, msg, 0, 1, sig, 0), "message overruns");
            Assert.IsFalse(verifier.Verify(pk, 0, msg, 1, 0, sig, 0), "message offset past end");
            Assert.IsFalse(verifier.Verify(pk, 0, msg, int.MaxValue, int.MaxValue, sig, 0), "huge message range");
            Assert.IsFalse(verifier.Verify(pk, 0, new byte[4], 2, int.MaxValue, sig, 0), "length overflow");
            Assert.IsTrue(verifier.Verify(pk, 0, msg, 0, 0, sig, 0), "control after failures");
        }

        [TestMethod]
        public void InstanceApiHonoursOffsets()
        {
            Ed25519Verifier verifier = new Ed25519Verifier();
            byte[] pk = Hex.Decode(Rfc8032Vectors.PublicKeys[2]);
            byte[] msg = Hex.Decode(Rfc8032Vectors.Messages[2]);
            byte[] sig = Hex.Decode(Rfc8032Vectors.Signatures[2]);
            byte[] pkBuf = TestBytes.Embed(pk, 3, 5);
            byte[] msgBuf = TestBytes.Embed(msg, 7, 2);
            byte[] sigBuf = TestBytes.Embed(sig, 11, 1);

            Assert.IsTrue(verifier.Verify(pkBuf, 3, msgBuf, 7, msg.Length, sigBuf, 11), "embedded");
            Assert.IsFalse(verifier.Verify(pkBuf, 2, msgBuf, 7, msg.Length, sigBuf, 11), "key shifted");
            Assert.IsFalse(verifier.Verify(pkBuf, 3, msgBuf, 6, msg.Length, sigBuf, 11), "message shifted");
            Assert.IsFalse(verifier.Verify(pkBuf, 3, msgBuf, 7, msg.Length + 1, sigBuf, 11), "message longer");
            Assert.IsFalse(verifier.Verify(pkBuf, 3, msgBuf, 7, msg.Length, sigBuf, 10), "signature shifted");
        }
    }
}
