using Firmware.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Crypto
{
    /// <summary>SHA-256 against the FIPS 180-4 example vectors, plus incremental/one-shot consistency.</summary>
    [TestClass]
    public class Sha256Tests
    {
        [TestMethod]
        public void Abc()
        {
            Check("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }

        [TestMethod]
        public void EmptyString()
        {
            Check(string.Empty, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }

        [TestMethod]
        public void TwoBlockMessage448Bits()
        {
            Check(
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        }

        [TestMethod]
        public void Message896Bits()
        {
            Check(
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
        }

        [TestMethod]
        public void OneMillionA()
        {
            // Fed in 1000-byte chunks so the device never holds a megabyte. Slow on an interpreter.
            byte[] chunk = TestBytes.Filled((byte)'a', 1000);
            Sha256 sha = new Sha256();
            for (int i = 0; i < 1000; i++)
            {
                sha.Update(chunk, 0, chunk.Length);
            }

            byte[] digest = new byte[Sha256.HashSize];
            sha.Final(digest, 0);
            CollectionAssert.AreEqual(Hex.Decode("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"), digest);
        }

        [TestMethod]
        public void IncrementalMatchesOneShotAtEverySplit()
        {
            // 200 bytes crosses three block boundaries; every split point exercises the buffer logic.
            byte[] data = TestBytes.Pattern(200);
            byte[] expected = new byte[Sha256.HashSize];
            Sha256.Hash(data, 0, data.Length, expected, 0);

            Sha256 sha = new Sha256();
            byte[] actual = new byte[Sha256.HashSize];
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
            byte[] data = TestBytes.Pattern(130);
            byte[] expected = new byte[Sha256.HashSize];
            Sha256.Hash(data, 0, data.Length, expected, 0);

            Sha256 sha = new Sha256();
            for (int i = 0; i < data.Length; i++)
            {
                sha.Update(data, i, 1);
            }

            byte[] actual = new byte[Sha256.HashSize];
            sha.Final(actual, 0);
            CollectionAssert.AreEqual(expected, actual);
        }

        [TestMethod]
        public void PaddingBoundaryLengths()
        {
            // Lengths 55, 56, 63, 64, 65 hit the one-block / two-block padding edges; compare split vs whole.
            int[] lengths = { 0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128 };
            byte[] data = TestBytes.Pattern(128);
            byte[] expected = new byte[Sha256.HashSize];
            byte[] actual = new byte[Sha256.HashSize];
            Sha256 sha = new Sha256();
            for (int i = 0; i < lengths.Length; i++)
            {
                int n = lengths[i];
                Sha256.Hash(data, 0, n, expected, 0);
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
            byte[] output = new byte[Sha256.HashSize + 3];
            Sha256.Hash(padded, 5, 3, output, 3);
            byte[] digest = new byte[Sha256.HashSize];
            for (int i = 0; i < digest.Length; i++)
            {
                digest[i] = output[i + 3];
            }

            CollectionAssert.AreEqual(Hex.Decode("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), digest);
        }

        [TestMethod]
        public void FinalResetsForReuse()
        {
            Sha256 sha = new Sha256();
            byte[] abc = TestBytes.Ascii("abc");
            byte[] first = new byte[Sha256.HashSize];
            byte[] second = new byte[Sha256.HashSize];
            sha.Update(abc, 0, abc.Length);
            sha.Final(first, 0);
            sha.Update(abc, 0, abc.Length);
            sha.Final(second, 0);
            CollectionAssert.AreEqual(first, second);
        }

        private static void Check(string message, string expectedHex)
        {
            byte[] data = TestBytes.Ascii(message);
            byte[] digest = new byte[Sha256.HashSize];
            Sha256.Hash(data, 0, data.Length, digest, 0);
            CollectionAssert.AreEqual(Hex.Decode(expectedHex), digest);
        }
    }
}
