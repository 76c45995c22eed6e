using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using System.Numerics;
using Firmware.Crypto;

namespace Firmware.Host.Tests.Crypto;

/// <summary>Scalar25519 (reduction mod L, canonical check, NAF) against BigInteger.</summary>
[TestClass]
public class Scalar25519BigIntegerTests
{
    private static readonly BigInteger L = RefEd25519.L;

    [TestMethod]
    public void ReduceMatchesBigInteger()
    {
        int seed = TestSeed.Value + 30;
        var rnd = new Random(seed);
        var inputs = new List<BigInteger>
        {
            0, 1, L - 1, L, L + 1, 2 * L, BigInteger.Pow(2, 252), BigInteger.Pow(2, 253) - 1,
            BigInteger.Pow(2, 512) - 1, BigInteger.Pow(2, 511), (BigInteger.Pow(2, 512) - 1) / L * L, (BigInteger.Pow(2, 512) - 1) / L * L - 1,
        };
        var max = BigInteger.Pow(2, 512);
        for (int i = 0; i < 20000 * TestSeed.Scale; i++)
        {
            var b = new byte[64];
            rnd.NextBytes(b);
            switch (i % 4)
            {
                case 0: inputs.Add(RefEd25519.FromLittleEndian(b)); break;
                case 1: inputs.Add(RefEd25519.FromLittleEndian(b) / L * L + rnd.Next(3) - 1 & (max - 1)); break; // near multiples of L
                case 2: for (int j = 32; j < 64; j++) b[j] = 0xff; inputs.Add(RefEd25519.FromLittleEndian(b)); break;
                default: for (int j = 0; j < 32; j++) b[j] = 0; inputs.Add(RefEd25519.FromLittleEndian(b)); break;
            }
        }

        var scratch = new long[Scalar25519.ReduceScratchLength];
        var input = new byte[66];
        var output = new byte[34];
        foreach (var v in inputs)
        {
            var enc = RefEd25519.ToLittleEndian(v, 64);
            enc.CopyTo(input, 2);
            Scalar25519.Reduce(input, 2, output, 1, scratch);
            var expected = RefEd25519.ToLittleEndian(v % L, 32);
            CollectionAssert.AreEqual(expected, output.AsSpan(1, 32).ToArray(), "reduce " + v + " " + TestSeed.Describe(seed));
        }
    }

    [TestMethod]
    public void IsCanonicalMatchesComparison()
    {
        int seed = TestSeed.Value + 31;
        var rnd = new Random(seed);
        var values = new List<BigInteger> { 0, 1, L - 1, L, L + 1, BigInteger.Pow(2, 256) - 1, BigInteger.Pow(2, 252), BigInteger.Pow(2, 253) };
        for (int i = 0; i < 5000; i++)
        {
            var b = new byte[32];
            rnd.NextBytes(b);
            if (i % 2 == 0) b[31] &= 0x1f;
            values.Add(RefEd25519.FromLittleEndian(b));
            values.Add(L + rnd.Next(-1000, 1000));
        }
        foreach (var v in values)
        {
            var b = RefEd25519.ToLittleEndian(v, 33);
            Assert.AreEqual(v < L, Scalar25519.IsCanonical(b, 0), v + " " + TestSeed.Describe(seed));
        }
    }

    [TestMethod]
    public void NafIsValidForRandomScalarsAndAllWidths()
    {
        int seed = TestSeed.Value + 32;
        var rnd = new Random(seed);
        var naf = new sbyte[Scalar25519.NafLength];
        for (int i = 0; i < 2000; i++)
        {
            var b = new byte[32];
            rnd.NextBytes(b);
            b[31] &= (byte)(i % 2 == 0 ? 0x1f : 0x7f); // scalars below 2^253 (what Verify passes) and below 2^255
            var v = RefEd25519.FromLittleEndian(b);
            for (int w = 2; w <= 8; w++)
            {
                Scalar25519.ComputeNaf(b, 0, w, naf);
                BigInteger sum = 0;
                int lastNonZero = 100000;
                for (int j = naf.Length - 1; j >= 0; j--)
                {
                    sum = sum * 2 + naf[j];
                    if (naf[j] != 0)
                    {
                        Assert.IsTrue((naf[j] & 1) == 1 || (naf[j] & 1) == -1, "odd digit");
                        Assert.IsTrue(Math.Abs((int)naf[j]) < 1 << (w - 1), "digit range");
                        Assert.IsTrue(lastNonZero - j >= w, "non-adjacency w=" + w);
                        lastNonZero = j;
                    }
                }
                Assert.AreEqual(v, sum, "NAF value w=" + w + " " + TestSeed.Describe(seed));
            }
        }
    }
}
