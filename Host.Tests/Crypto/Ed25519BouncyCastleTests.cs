using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Firmware.Crypto;
using Firmware.Tests.Crypto;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Firmware.Host.Tests.Crypto;

/// <summary>
/// Our verifier against BouncyCastle 2.7 (signer and second verifier) and the big-integer RFC model.
/// </summary>
[TestClass]
public class Ed25519BouncyCastleTests
{
    public TestContext TestContext { get; set; }

    private static (byte[] Pk, byte[] Msg, byte[] Sig) SignRandom(Random rnd, int maxMessage)
    {
        var sk = new byte[32];
        rnd.NextBytes(sk);
        var pk = new byte[32];
        BcEd25519.GeneratePublicKey(sk, 0, pk, 0);
        var msg = new byte[rnd.Next(maxMessage + 1)];
        rnd.NextBytes(msg);
        var sig = new byte[64];
        BcEd25519.Sign(sk, 0, msg, 0, msg.Length, sig, 0);
        return (pk, msg, sig);
    }

    private static bool Bc(byte[] pk, byte[] msg, byte[] sig) => BcEd25519.Verify(sig, 0, pk, 0, msg, 0, msg.Length);

    private static byte[] Flip(byte[] a, int bit)
    {
        var r = (byte[])a.Clone();
        r[bit >> 3] ^= (byte)(1 << (bit & 7));
        return r;
    }

    [TestMethod]
    public void RfcSecretKeysReproduceRfcVectors()
    {
        // Validates the transcription of the RFC vectors used by the device tests.
        for (int i = 0; i < Rfc8032Vectors.Count; i++)
        {
            var sk = Convert.FromHexString(Rfc8032Vectors.SecretKeys[i]);
            var msg = Convert.FromHexString(Rfc8032Vectors.Messages[i]);
            var pk = new byte[32];
            var sig = new byte[64];
            BcEd25519.GeneratePublicKey(sk, 0, pk, 0);
            BcEd25519.Sign(sk, 0, msg, 0, msg.Length, sig, 0);
            CollectionAssert.AreEqual(Convert.FromHexString(Rfc8032Vectors.PublicKeys[i]), pk, Rfc8032Vectors.Names[i]);
            CollectionAssert.AreEqual(Convert.FromHexString(Rfc8032Vectors.Signatures[i]), sig, Rfc8032Vectors.Names[i]);
            Assert.IsTrue(Ed25519.Verify(pk, msg, sig), Rfc8032Vectors.Names[i]);
            Assert.IsTrue(RefEd25519.Verify(pk, msg, sig), Rfc8032Vectors.Names[i] + " (reference model)");
        }
    }

    [TestMethod]
    public void RandomSignaturesVerifyAndEverySingleBitFlipIsRejected()
    {
        int seed = TestSeed.Value;
        var rnd = new Random(seed);
        var verifier = new Ed25519Verifier();
        int cases = 2000 * TestSeed.Scale, exhaustive = 16, checks = 0;
        for (int c = 0; c < cases; c++)
        {
            var (pk, msg, sig) = SignRandom(rnd, c % 10 == 0 ? 2000 : 200);
            string where = "case " + c + " " + TestSeed.Describe(seed);
            Assert.IsTrue(Bc(pk, msg, sig), "BouncyCastle rejects its own signature, " + where);
            Assert.IsTrue(Ed25519.Verify(pk, msg, sig), "valid signature rejected, " + where);
            Assert.IsTrue(verifier.Verify(pk, msg, sig), "valid signature rejected by instance, " + where);

            // Exhaustive single-bit flips for the first cases, random ones afterwards.
            int pkFlips = c < exhaustive ? 256 : 2, sigFlips = c < exhaustive ? 512 : 3, msgFlips = c < exhaustive ? Math.Min(msg.Length * 8, 256) : (msg.Length > 0 ? 2 : 0);
            for (int i = 0; i < pkFlips; i++)
            {
                int bit = c < exhaustive ? i : rnd.Next(256);
                var bad = Flip(pk, bit);
                bool ours = verifier.Verify(bad, msg, sig), bc = Bc(bad, msg, sig);
                Assert.AreEqual(bc, ours, "disagreement on key bit " + bit + ", " + where);
                Assert.IsFalse(ours, "key bit " + bit + " accepted, " + where);
                checks++;
            }

            for (int i = 0; i < sigFlips; i++)
            {
                int bit = c < exhaustive ? i : rnd.Next(512);
                var bad = Flip(sig, bit);
                bool ours = verifier.Verify(pk, msg, bad), bc = Bc(pk, msg, bad);
                Assert.AreEqual(bc, ours, "disagreement on signature bit " + bit + ", " + where);
                Assert.IsFalse(ours, "signature bit " + bit + " accepted, " + where);
                checks++;
            }

            for (int i = 0; i < msgFlips; i++)
            {
                int bit = c < exhaustive ? i : rnd.Next(msg.Length * 8);
                var bad = Flip(msg, bit);
                bool ours = verifier.Verify(pk, bad, sig), bc = Bc(pk, bad, sig);
                Assert.AreEqual(bc, ours, "disagreement on message bit " + bit + ", " + where);
                Assert.IsFalse(ours, "message bit " + bit + " accepted, " + where);
                checks++;
            }
        }

        TestContext.WriteLine(cases + " signatures verified, " + checks + " single-bit flips rejected in agreement with BouncyCastle " + TestSeed.Describe(seed));
    }

    [TestMethod]
    public void OffsetApiMatchesArrayApi()
    {
        int seed = TestSeed.Value + 1;
        var rnd = new Random(seed);
        var verifier = new Ed25519Verifier();
        for (int c = 0; c < 300; c++)
        {
            var (pk, msg, sig) = SignRandom(rnd, 300);
            if (rnd.Next(2) == 0) sig = Flip(sig, rnd.Next(512));
            int po = rnd.Next(5), mo = rnd.Next(5), so = rnd.Next(5);
            var pkb = new byte[po + 32 + rnd.Next(3)];
            var mb = new byte[mo + msg.Length + rnd.Next(3)];
            var sb = new byte[so + 64 + rnd.Next(3)];
            rnd.NextBytes(pkb); rnd.NextBytes(mb); rnd.NextBytes(sb);
            pk.CopyTo(pkb, po); msg.CopyTo(mb, mo); sig.CopyTo(sb, so);
            Assert.AreEqual(Bc(pk, msg, sig), verifier.Verify(pkb, po, mb, mo, msg.Length, sb, so), "case " + c + " " + TestSeed.Describe(seed));
        }
    }

    [TestMethod]
    public void RandomGarbageAgreesWithBouncyCastleAndReferenceModel()
    {
        int seed = TestSeed.Value + 2;
        var rnd = new Random(seed);
        var verifier = new Ed25519Verifier();
        int decodable = 0;
        for (int c = 0; c < 20000 * TestSeed.Scale; c++)
        {
            var pk = new byte[32];
            var sig = new byte[64];
            var msg = new byte[rnd.Next(64)];
            rnd.NextBytes(pk); rnd.NextBytes(sig); rnd.NextBytes(msg);
            if (rnd.Next(2) == 0) sig[63] &= 0x0f; // make S < L likely, so the point checks are reached
            bool ours = verifier.Verify(pk, msg, sig);
            Assert.AreEqual(Bc(pk, msg, sig), ours, "case " + c + " " + TestSeed.Describe(seed));
            Assert.IsFalse(ours);
            if (RefEd25519.Decode(pk) != null) decodable++;
        }

        TestContext.WriteLine(decodable + " random keys decoded " + TestSeed.Describe(seed));
    }

    /// <summary>Special encodings used to build edge cases.</summary>
    private static IEnumerable<byte[]> SpecialPoints()
    {
        var p = RefEd25519.P;
        // Every non-canonical y (p .. 2^255 - 1) with both sign bits, and the canonical y = 0 .. 3.
        for (int i = 0; i < 19; i++)
        {
            foreach (int sign in new[] { 0, 1 })
            {
                yield return RefEd25519.ToLittleEndian(p + i + ((System.Numerics.BigInteger)sign << 255), 32);
                if (i < 4) yield return RefEd25519.ToLittleEndian(i + ((System.Numerics.BigInteger)sign << 255), 32);
            }
        }

        // p - 1 (y = -1) with both signs, the order-8 points, the base point and its negation.
        yield return RefEd25519.ToLittleEndian(p - 1, 32);
        yield return RefEd25519.ToLittleEndian(p - 1 + (System.Numerics.BigInteger.One << 255), 32);
        foreach (var hex in new[]
        {
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            "5866666666666666666666666666666666666666666666666666666666666666",
            "58666666666666666666666666666666666666666666666666666666666666e6",
        })
        {
            yield return Convert.FromHexString(hex);
        }
    }

    private static IEnumerable<byte[]> SpecialScalars()
    {
        var l = RefEd25519.L;
        foreach (var v in new[] { System.Numerics.BigInteger.Zero, 1, 2, l - 1, l, l + 1, l * 2, System.Numerics.BigInteger.Pow(2, 253), System.Numerics.BigInteger.Pow(2, 256) - 1 })
            yield return RefEd25519.ToLittleEndian(v, 32);
    }

    [TestMethod]
    public void SpecialEncodingsMatchReferenceModelAndBouncyCastle()
    {
        var relaxed = new Ed25519Verifier();
        var strict = new Ed25519Verifier { RejectSmallOrderPublicKeys = true };
        var msg = "edge"u8.ToArray();
        var points = SpecialPoints().ToArray();
        var scalars = SpecialScalars().ToArray();
        int combos = 0, accepted = 0, bcDiffers = 0;
        foreach (var pk in points)
        foreach (var r in points)
        foreach (var s in scalars)
        {
            var sig = r.Concat(s).ToArray();
            string what = "pk " + Convert.ToHexString(pk) + " sig " + Convert.ToHexString(sig);
            bool expected = RefEd25519.Verify(pk, msg, sig);
            bool expectedStrict = expected && !RefEd25519.Mul(8, RefEd25519.Decode(pk)!).IsIdentity;
            Assert.AreEqual(expected, relaxed.Verify(pk, msg, sig), "RFC model vs ours: " + what);
            Assert.AreEqual(expected, Ed25519.Verify(pk, msg, sig), "RFC model vs static: " + what);
            Assert.AreEqual(expectedStrict, strict.Verify(pk, msg, sig), "RFC model (strict keys) vs ours: " + what);

            // BouncyCastle 2.7 rejects small-order keys; with that policy on, we must agree exactly.
            Assert.AreEqual(Bc(pk, msg, sig), strict.Verify(pk, msg, sig), "BouncyCastle vs strict: " + what);
            if (Bc(pk, msg, sig) != relaxed.Verify(pk, msg, sig)) bcDiffers++;
            combos++;
            if (expected) accepted++;
        }

        TestContext.WriteLine(combos + " combinations, " + accepted + " valid under RFC 8032; " + bcDiffers + " differ from BouncyCastle only through its small-order key policy");
    }

    [TestMethod]
    public void SmallOrderComponentsFollowCofactorlessEquation()
    {
        // Valid signatures under A, then R and A shifted by torsion points: the cofactorless equation
        // (ours and the model) must reject exactly when the torsion parts do not cancel.
        int seed = TestSeed.Value + 3;
        var rnd = new Random(seed);
        var torsion = new List<RefEd25519.Point>();
        foreach (var hex in new[] { "0100000000000000000000000000000000000000000000000000000000000000", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "0000000000000000000000000000000000000000000000000000000000000000", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05" })
            torsion.Add(RefEd25519.Decode(Convert.FromHexString(hex))!);
        for (int c = 0; c < 40; c++)
        {
            var (pk, msg, sig) = SignRandom(rnd, 64);
            var a = RefEd25519.Decode(pk)!;
            var r = RefEd25519.Decode(sig.AsSpan(0, 32))!;
            var t = torsion[rnd.Next(torsion.Count)];
            var pk2 = RefEd25519.Encode(a.Add(t));
            var sig2 = RefEd25519.Encode(r.Add(t)).Concat(sig.Skip(32)).ToArray();
            Assert.AreEqual(RefEd25519.Verify(pk2, msg, sig), Ed25519.Verify(pk2, msg, sig), "mixed-order key, case " + c + " " + TestSeed.Describe(seed));
            Assert.AreEqual(RefEd25519.Verify(pk, msg, sig2), Ed25519.Verify(pk, msg, sig2), "mixed-order R, case " + c + " " + TestSeed.Describe(seed));
        }
    }
}
