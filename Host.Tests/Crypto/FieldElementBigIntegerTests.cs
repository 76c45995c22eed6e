using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using System.Numerics;
using Firmware.Crypto;

namespace Firmware.Host.Tests.Crypto;

/// <summary>
/// FieldElement against BigInteger mod p, including inputs with limbs at the documented bounds
/// (where a wrong carry chain or an overflow of the 64-bit accumulators would show).
/// </summary>
[TestClass]
public class FieldElementBigIntegerTests
{
    private static readonly int[] Offsets = { 0, 26, 51, 77, 102, 128, 153, 179, 204, 230 };
    private static readonly BigInteger P = RefEd25519.P;

    private static BigInteger Value(int[] f)
    {
        BigInteger v = 0;
        for (int i = 0; i < 10; i++) v += (BigInteger)f[i] << Offsets[i];
        return RefEd25519.Mod(v);
    }

    private static int[] FromValue(BigInteger v)
    {
        var f = FieldElement.Create();
        FieldElement.FromBytes(f, RefEd25519.ToLittleEndian(v, 32), 0);
        return f;
    }

    // Random limbs with |limb| up to fraction * (2^26 or 2^25): the precondition of Mul/Sq is 1.65.
    private static int[] RandomLimbs(Random rnd, double fraction)
    {
        var f = new int[10];
        for (int i = 0; i < 10; i++)
        {
            double bound = fraction * (i % 2 == 0 ? 1 << 26 : 1 << 25);
            f[i] = (int)((rnd.NextDouble() * 2 - 1) * bound);
        }
        return f;
    }

    private static int[] ExtremeLimbs(int pattern, double fraction)
    {
        var f = new int[10];
        for (int i = 0; i < 10; i++)
        {
            int bound = (int)(fraction * (i % 2 == 0 ? 1 << 26 : 1 << 25));
            int sign = pattern switch { 0 => 1, 1 => -1, 2 => i % 2 == 0 ? 1 : -1, _ => i < 5 ? 1 : -1 };
            f[i] = sign * bound;
        }
        return f;
    }

    private static void AssertReducedOutput(int[] h, string what)
    {
        for (int i = 0; i < 10; i++)
        {
            int bound = (i % 2 == 0 ? 1 << 25 : 1 << 24) + (1 << 20);
            Assert.IsTrue(Math.Abs(h[i]) <= bound, what + ": limb " + i + " = " + h[i] + " out of range");
        }
    }

    [TestMethod]
    public void MulSqSq2MatchBigIntegerOnRandomAndExtremeLimbs()
    {
        int seed = TestSeed.Value + 20;
        var rnd = new Random(seed);
        var h = FieldElement.Create();
        var inputs = new List<int[]>();
        for (int i = 0; i < 4; i++) { inputs.Add(ExtremeLimbs(i, 1.65)); inputs.Add(ExtremeLimbs(i, 1.0)); }
        for (int i = 0; i < 3000 * TestSeed.Scale; i++) inputs.Add(RandomLimbs(rnd, i % 3 == 0 ? 1.65 : 1.0));
        for (int i = 0; i < inputs.Count; i++)
        {
            var f = inputs[i];
            var g = inputs[(i * 7 + 3) % inputs.Count];
            BigInteger fv = Value(f), gv = Value(g);
            string where = "input " + i + " " + TestSeed.Describe(seed);

            FieldElement.Mul(h, f, g);
            Assert.AreEqual(RefEd25519.Mod(fv * gv), Value(h), "Mul " + where);
            AssertReducedOutput(h, "Mul " + where);

            FieldElement.Sq(h, f);
            Assert.AreEqual(RefEd25519.Mod(fv * fv), Value(h), "Sq " + where);
            AssertReducedOutput(h, "Sq " + where);

            FieldElement.Sq2(h, f);
            Assert.AreEqual(RefEd25519.Mod(2 * fv * fv), Value(h), "Sq2 " + where);
            AssertReducedOutput(h, "Sq2 " + where);
        }
    }

    [TestMethod]
    public void AliasedOperandsWork()
    {
        var rnd = new Random(TestSeed.Value + 21);
        var f = RandomLimbs(rnd, 1.0);
        var g = RandomLimbs(rnd, 1.0);
        BigInteger fv = Value(f), gv = Value(g);
        FieldElement.Mul(f, f, g);
        Assert.AreEqual(RefEd25519.Mod(fv * gv), Value(f));
        FieldElement.Mul(g, f, g);
        Assert.AreEqual(RefEd25519.Mod(fv * gv * gv), Value(g));
        FieldElement.Sq(g, g);
        Assert.AreEqual(RefEd25519.Mod(BigInteger.Pow(fv * gv * gv, 2)), Value(g));
    }

    [TestMethod]
    public void AddSubNegMatchBigInteger()
    {
        var rnd = new Random(TestSeed.Value + 22);
        var h = FieldElement.Create();
        for (int i = 0; i < 1000; i++)
        {
            var f = RandomLimbs(rnd, 1.0);
            var g = RandomLimbs(rnd, 1.0);
            FieldElement.Add(h, f, g);
            Assert.AreEqual(RefEd25519.Mod(Value(f) + Value(g)), Value(h));
            FieldElement.Sub(h, f, g);
            Assert.AreEqual(RefEd25519.Mod(Value(f) - Value(g)), Value(h));
            FieldElement.Neg(h, f);
            Assert.AreEqual(RefEd25519.Mod(-Value(f)), Value(h));
        }
    }

    [TestMethod]
    public void ToBytesIsCanonicalForLooseLimbs()
    {
        int seed = TestSeed.Value + 23;
        var rnd = new Random(seed);
        var bytes = new byte[32];
        var cases = new List<int[]>();
        for (int i = 0; i < 4; i++) cases.Add(ExtremeLimbs(i, 3.3));
        foreach (var v in new[] { BigInteger.Zero, 1, P - 1, P, P + 1, P + 18, BigInteger.Pow(2, 255) - 1 })
        {
            // FromBytes accepts values >= p (as residues); ToBytes must output the canonical residue.
            var f = FieldElement.Create();
            FieldElement.FromBytes(f, RefEd25519.ToLittleEndian(v, 32), 0);
            cases.Add(f);
        }
        for (int i = 0; i < 5000; i++) cases.Add(RandomLimbs(rnd, 3.3));
        foreach (var f in cases)
        {
            FieldElement.ToBytes(bytes, 0, f);
            var expected = RefEd25519.ToLittleEndian(Value(f), 32);
            CollectionAssert.AreEqual(expected, bytes, "limbs " + string.Join(",", f) + " " + TestSeed.Describe(seed));
            Assert.AreEqual(Value(f).IsZero, FieldElement.IsZero(f, new byte[32]));
            Assert.AreEqual(!Value(f).IsEven, FieldElement.IsNegative(f, new byte[32]));
        }
    }

    [TestMethod]
    public void FromBytesIgnoresTopBitAndKeepsResidue()
    {
        var rnd = new Random(TestSeed.Value + 24);
        var f = FieldElement.Create();
        var b = new byte[33];
        for (int i = 0; i < 2000; i++)
        {
            rnd.NextBytes(b);
            FieldElement.FromBytes(f, b, 1);
            var v = RefEd25519.FromLittleEndian(b.AsSpan(1, 32)) & (BigInteger.Pow(2, 255) - 1);
            Assert.AreEqual(RefEd25519.Mod(v), Value(f));
            AssertReducedOutput(f, "FromBytes");
        }
    }

    [TestMethod]
    public void InvertAndPow22523MatchModPow()
    {
        var rnd = new Random(TestSeed.Value + 25);
        var h = FieldElement.Create();
        var t0 = FieldElement.Create(); var t1 = FieldElement.Create(); var t2 = FieldElement.Create(); var t3 = FieldElement.Create();
        var values = new List<BigInteger> { 0, 1, 2, P - 1, 121666 };
        for (int i = 0; i < 200; i++) values.Add(RefEd25519.FromLittleEndian(RandomBytes(rnd)) % P);
        foreach (var v in values)
        {
            var f = FromValue(v);
            FieldElement.Invert(h, f, t0, t1, t2, t3);
            Assert.AreEqual(BigInteger.ModPow(v, P - 2, P), Value(h), "invert " + v);
            FieldElement.Pow22523(h, f, t0, t1, t2);
            Assert.AreEqual(BigInteger.ModPow(v, (P - 5) / 8, P), Value(h), "pow22523 " + v);
        }
    }

    private static byte[] RandomBytes(Random rnd)
    {
        var b = new byte[32];
        rnd.NextBytes(b);
        return b;
    }
}
