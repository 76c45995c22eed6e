using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Firmware.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace Firmware.Host.Tests.Crypto;

/// <summary>SHA-256/512 against System.Security.Cryptography for random lengths and split points.</summary>
[TestClass]
public class Sha2SystemTests
{
    // Splits data[0..len) into 1-4 random segments and feeds them to update.
    private static void FeedRandomly(Random rnd, byte[] data, int len, Action<byte[], int, int> update)
    {
        int pieces = 1 + rnd.Next(4), pos = 0;
        for (int i = 0; i < pieces - 1; i++)
        {
            int n = rnd.Next(len - pos + 1);
            update(data, pos, n);
            pos += n;
        }

        update(data, pos, len - pos);
    }

    [TestMethod]
    public void Sha256MatchesSystemForRandomLengthsAndSplits()
    {
        int seed = TestSeed.Value + 10;
        var rnd = new Random(seed);
        var sha = new Sha256();
        var ours = new byte[32];
        var oneShot = new byte[32];
        for (int c = 0; c < 3000 * TestSeed.Scale; c++)
        {
            int len = rnd.Next(2001);
            var data = new byte[len + 7];
            rnd.NextBytes(data);
            FeedRandomly(rnd, data, len, sha.Update);
            sha.Final(ours, 0);
            var expected = System.Security.Cryptography.SHA256.HashData(data.AsSpan(0, len));
            CollectionAssert.AreEqual(expected, ours, "length " + len + " case " + c + " " + TestSeed.Describe(seed));
            Sha256.Hash(data, 0, len, oneShot, 0);
            CollectionAssert.AreEqual(expected, oneShot, "one-shot length " + len + " " + TestSeed.Describe(seed));
        }
    }

    [TestMethod]
    public void Sha512MatchesSystemForRandomLengthsAndSplits()
    {
        int seed = TestSeed.Value + 11;
        var rnd = new Random(seed);
        var sha = new Sha512();
        var ours = new byte[64];
        var oneShot = new byte[64];
        for (int c = 0; c < 3000 * TestSeed.Scale; c++)
        {
            int len = rnd.Next(2001);
            var data = new byte[len + 7];
            rnd.NextBytes(data);
            FeedRandomly(rnd, data, len, sha.Update);
            sha.Final(ours, 0);
            var expected = System.Security.Cryptography.SHA512.HashData(data.AsSpan(0, len));
            CollectionAssert.AreEqual(expected, ours, "length " + len + " case " + c + " " + TestSeed.Describe(seed));
            Sha512.Hash(data, 0, len, oneShot, 0);
            CollectionAssert.AreEqual(expected, oneShot, "one-shot length " + len + " " + TestSeed.Describe(seed));
        }
    }

    [TestMethod]
    public void EveryLengthUpTo300AndEverySplitOfOneMessage()
    {
        var data = new byte[300];
        new Random(7).NextBytes(data);
        var s256 = new Sha256();
        var s512 = new Sha512();
        var o256 = new byte[32];
        var o512 = new byte[64];
        for (int len = 0; len <= data.Length; len++)
        {
            s256.Update(data, 0, len); s256.Final(o256, 0);
            s512.Update(data, 0, len); s512.Final(o512, 0);
            CollectionAssert.AreEqual(System.Security.Cryptography.SHA256.HashData(data.AsSpan(0, len)), o256, "SHA-256 length " + len);
            CollectionAssert.AreEqual(System.Security.Cryptography.SHA512.HashData(data.AsSpan(0, len)), o512, "SHA-512 length " + len);
        }

        var e256 = System.Security.Cryptography.SHA256.HashData(data);
        var e512 = System.Security.Cryptography.SHA512.HashData(data);
        for (int split = 0; split <= data.Length; split++)
        {
            s256.Update(data, 0, split); s256.Update(data, split, data.Length - split); s256.Final(o256, 0);
            s512.Update(data, 0, split); s512.Update(data, split, data.Length - split); s512.Final(o512, 0);
            CollectionAssert.AreEqual(e256, o256, "SHA-256 split " + split);
            CollectionAssert.AreEqual(e512, o512, "SHA-512 split " + split);
        }
    }

    [TestMethod]
    public void MatchesBouncyCastleDigests()
    {
        var rnd = new Random(TestSeed.Value + 12);
        var data = new byte[5000];
        rnd.NextBytes(data);
        var bc256 = new Sha256Digest();
        var bc512 = new Sha512Digest();
        var a = new byte[32]; var b = new byte[32];
        var c = new byte[64]; var d = new byte[64];
        bc256.BlockUpdate(data, 0, data.Length); bc256.DoFinal(a, 0);
        Sha256.Hash(data, 0, data.Length, b, 0);
        bc512.BlockUpdate(data, 0, data.Length); bc512.DoFinal(c, 0);
        Sha512.Hash(data, 0, data.Length, d, 0);
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreEqual(c, d);
    }

    [TestMethod]
    public void InvalidArgumentsThrowArgumentExceptions()
    {
        var sha = new Sha256();
        Assert.ThrowsExactly<ArgumentNullException>(() => sha.Update(null, 0, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sha.Update(new byte[4], 3, 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sha.Update(new byte[4], -1, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sha.Update(new byte[4], 1, int.MaxValue));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sha.Final(new byte[31], 0));
        var sha512 = new Sha512();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sha512.Final(new byte[64], 1));
    }
}
