using Firmware.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Crypto
{
    /// <summary>RFC 8032 section 7.1 Ed25519 vectors: each verifies, and each with one flipped bit does not.</summary>
    [TestClass]
    public class Ed25519Rfc8032Tests
    {
        [Setup]
        public void BuildTables()
        {
            // Builds the shared base-point table once, so its cost is not charged to the first test.
            Ed25519Tables.Get();
        }

        [TestMethod]
        public void Test1EmptyMessage()
        {
            CheckVector(0);
        }

        [TestMethod]
        public void Test2OneByteMessage()
        {
            CheckVector(1);
        }

        [TestMethod]
        public void Test3TwoByteMessage()
        {
            CheckVector(2);
        }

        [TestMethod]
        public void Test1024LongMessage()
        {
            Assert.AreEqual(1023, Hex.Decode(Rfc8032Vectors.Messages[3]).Length);
            CheckVector(3);
        }

        [TestMethod]
        public void TestShaAbcMessage()
        {
            CheckVector(4);
        }

        [TestMethod]
        public void InstanceVerifierAgreesOnAllVectors()
        {
            Ed25519Verifier verifier = new Ed25519Verifier();
            for (int i = 0; i < Rfc8032Vectors.Count; i++)
            {
                byte[] pk = Hex.Decode(Rfc8032Vectors.PublicKeys[i]);
                byte[] msg = Hex.Decode(Rfc8032Vectors.Messages[i]);
                byte[] sig = Hex.Decode(Rfc8032Vectors.Signatures[i]);
                Assert.IsTrue(verifier.Verify(pk, msg, sig), Rfc8032Vectors.Names[i]);
                Assert.IsFalse(verifier.Verify(pk, msg, TestBytes.FlipBit(sig, 0)), Rfc8032Vectors.Names[i] + " flipped");

                // A failure must leave no state behind.
                Assert.IsTrue(verifier.Verify(pk, msg, sig), Rfc8032Vectors.Names[i] + " again");
            }
        }

        private static void CheckVector(int index)
        {
            string name = Rfc8032Vectors.Names[index];
            byte[] pk = Hex.Decode(Rfc8032Vectors.PublicKeys[index]);
            byte[] msg = Hex.Decode(Rfc8032Vectors.Messages[index]);
            byte[] sig = Hex.Decode(Rfc8032Vectors.Signatures[index]);

            Assert.IsTrue(Ed25519.Verify(pk, msg, sig), name + " valid");

            // One bit flipped in R (low and sign bit), in S (low bit and a high bit), in the key, in the message.
            Assert.IsFalse(Ed25519.Verify(pk, msg, TestBytes.FlipBit(sig, 0)), name + " R bit 0");
            Assert.IsFalse(Ed25519.Verify(pk, msg, TestBytes.FlipBit(sig, 255)), name + " R sign bit");
            Assert.IsFalse(Ed25519.Verify(pk, msg, TestBytes.FlipBit(sig, 256)), name + " S bit 0");
            Assert.IsFalse(Ed25519.Verify(pk, msg, TestBytes.FlipBit(sig, 256 + 200)), name + " S bit 200");
            Assert.IsFalse(Ed25519.Verify(TestBytes.FlipBit(pk, 0), msg, sig), name + " key bit 0");
            Assert.IsFalse(Ed25519.Verify(TestBytes.FlipBit(pk, 255), msg, sig), name + " key sign bit");
            Assert.IsFalse(Ed25519.Verify(TestBytes.FlipBit(pk, 100), msg, sig), name + " key bit 100");
            if (msg.Length > 0)
            {
                Assert.IsFalse(Ed25519.Verify(pk, TestBytes.FlipBit(msg, 0), sig), name + " message first bit");
                Assert.IsFalse(Ed25519.Verify(pk, TestBytes.FlipBit(msg, (msg.Length * 8) - 1), sig), name + " message last bit");
            }
            else
            {
                Assert.IsFalse(Ed25519.Verify(pk, new byte[1], sig), name + " message extended");
            }
        }
    }
}
