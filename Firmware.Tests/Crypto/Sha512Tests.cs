using Firmware.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Crypto
{
    /// <summary>SHA-512 against the FIPS 180-4 example vectors, plus incremental/one-shot consistency.</summary>
    [TestClass]
    public class Sha512Tests
    {
        [TestMethod]
        public void Abc()
        {
            Check("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
        }

        [TestMethod]
        public void EmptyString()
        {
            Check(string.Empty, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
        }

        [TestMethod]
        public void TwoBlockMessage448Bits()
        {
            Check(
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
                + "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445");
        }

        [TestMethod]
        public void Message896Bits()
        {
            Check(
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
        }

        [TestMethod]
        public void OneMillionA()
        {
            // Fed in 1000-byte chunks so the device never holds a megabyte. Slow on an interpreter.
            byte[] chunk = TestBytes.Filled((byte)'a', 1000);
            Sha512 sha = new Sha512();
            for (int i = 0; i < 1000; i++)
            {
                sha.Update(chunk, 0, chunk.Length);
            }

            byte[] digest = new byte[Sha512.HashSize];
            sha.Final(digest, 0);
            CollectionAssert.AreEqual(Hex.Decode("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                + "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"), digest);
        }

        [TestMethod]
        public void IncrementalMatchesOneShotAtEverySplit()
        {
            // 300 bytes crosses two block boundaries; every split point exercises the buffer logic.
            byte[] data = TestBytes.Pattern(300);
            byte[] expected = new byte[Sha512.HashSize];
            Sha512.Hash(data, 0, data.Length, expected, 0);

            Sha512 sha = new Sha512();
            byte[] actual = new byte[Sha512.HashSize];
            for (int split = 0; split <= data.Length; split++)
            {
                sha.Update(data, 0, split);
                sha.Update(data, split, data.Length - split);
                sha.Final(actual, 0);
                Assert.IsTrue(TestBytes.Equal(expected, actual), "split " + split.ToString());
            }
        }

        [TestMethod]
        public void ByteAtATimeMatchesOneShot()
        {
            byte[] data = TestBytes.Pattern(260);
            byte[] expected = new byte[Sha512.HashSize];
            Sha512.Hash(data, 0, data.Length, expected, 0);

            Sha512 sha = new Sha512();
            for (int i = 0; i < data.Length; i++)
            {
                sha.Update(data, i, 1);
            }

            byte[] actual = new byte[Sha512.HashSize];
            sha.Final(actual, 0);
            CollectionAssert.AreEqual(expected, actual);
        }

        [TestMethod]
        public void PaddingBoundaryLengths()
        {
            // Lengths around 111/112 and 128 hit the one-block / two-block padding edges; compare split vs whole.
            int[] lengths = { 0, 1, 111, 112, 113, 127, 128, 129, 239, 240, 255, 256 };
            byte[] data = TestBytes.Pattern(256);
            byte[] expected = new byte[Sha512.HashSize];
            byte[] actual = new byte[Sha512.HashSize];
            Sha512 sha = new Sha512();
            for (int i = 0; i < lengths.Length; i++)
            {
                int n = lengths[i];
                Sha512.Hash(data, 0, n, expected, 0);
                sha.Update(data, 0, n / 2);
                sha.Update(data, n / 2, n - (n / 2));
                sha.Final(actual, 0);
                Assert.IsTrue(TestBytes.Equal(expected, actual), "length " + n.ToString());
            }
        }

        [TestMethod]
        public void OffsetsAreHonoured()
        {
            byte[] abc = TestBytes.Ascii("abc");
            byte[] padded = TestBytes.Embed(abc, 5, 9);
            byte[] output = new byte[Sha512.HashSize + 3];
            Sha512.Hash(padded, 5, 3, output, 3);
            byte[] digest = new byte[Sha512.HashSize];
            for (int i = 0; i < digest.Length; i++)
            {
                digest[i] = output[i + 3];
            }

            CollectionAssert.AreEqual(Hex.Decode("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"), digest);
        }

        [TestMethod]
        public void FinalResetsForReuse()
        {
            Sha512 sha = new Sha512();
            byte[] abc = TestBytes.Ascii("abc");
            byte[] first = new byte[Sha512.HashSize];
            byte[] second = new byte[Sha512.HashSize];
            sha.Update(abc, 0, abc.Length);
            sha.Final(first, 0);
            sha.Update(abc, 0, abc.Length);
            sha.Final(second, 0);
            CollectionAssert.AreEqual(first, second);
        }

        private static void Check(string message, string expectedHex)
        {
            byte[] data = TestBytes.Ascii(message);
            byte[] digest = new byte[Sha512.HashSize];
            Sha512.Hash(data, 0, data.Length, digest, 0);
            CollectionAssert.AreEqual(Hex.Decode(expectedHex), digest);
        }
    }
}
