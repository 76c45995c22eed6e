using Firmware.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Crypto
{
    /// <summary>Scalar arithmetic mod L (the host tests check many more values against BigInteger).</summary>
    [TestClass]
    public class Scalar25519Tests
    {
        [TestMethod]
        public void ReduceKnownValues()
        {
            CheckReduce(
                "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "000f9c44e31106a447938568a71b0ed065bef517d273ecce3d9a307c1b419903");
            CheckReduce(
                "4420823cfde6f1c26b30f90ec7dd01e4887534a20f0b0d04c36ed80e71e0fd77"
                + "b07670eb940bd5335f973daad8619b91ffc911f57cced458bbbf2ce03753c9bd",
                "8c3e4320e42669ceb4ae15ddeeec67b1441b9bda295d3338f20c209cc7e60100");

            // L itself reduces to zero, L - 1 to itself.
            CheckReduce(
                "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"
                + "0000000000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000000");
            CheckReduce(
                "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"
                + "0000000000000000000000000000000000000000000000000000000000000000",
                "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        }

        [TestMethod]
        public void CanonicalCheckIsStrict()
        {
            Assert.IsTrue(Scalar25519.IsCanonical(new byte[32], 0), "zero");
            Assert.IsTrue(Scalar25519.IsCanonical(Hex.Decode("ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"), 0), "L - 1");
            Assert.IsFalse(Scalar25519.IsCanonical(Hex.Decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"), 0), "L");
            Assert.IsFalse(Scalar25519.IsCanonical(Hex.Decode("0000000000000000000000000000000000000000000000000000000000000020"), 0), "2^253");
            Assert.IsTrue(Scalar25519.IsCanonical(Hex.Decode("ffffffffffffffffffffffffffffffff0000000000000000000000000000000f"), 0), "below 2^252");
        }

        [TestMethod]
        public void NafReconstructsScalar()
        {
            byte[] s = Hex.Decode("ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
            sbyte[] naf = new sbyte[Scalar25519.NafLength];
            for (int width = 2; width <= 8; width++)
            {
                Scalar25519.ComputeNaf(s, 0, width, naf);

                // Rebuild the value as 32 little-endian bytes from the signed digits, most significant first.
                int[] acc = new int[33];
                for (int i = Scalar25519.NafLength - 1; i >= 0; i--)
                {
                    int carry = 0;
                    for (int j = 0; j < 33; j++)
                    {
                        int v = (acc[j] << 1) + carry;
                        acc[j] = v & 0xff;
                        carry = v >> 8;
                    }

                    AddSigned(acc, naf[i]);
                    if (naf[i] != 0)
                    {
                        Assert.IsTrue((naf[i] & 1) != 0, "odd digit");
                        Assert.IsTrue(naf[i] < (1 << (width - 1)) && naf[i] > -(1 << (width - 1)), "digit range");
                    }
                }

                for (int j = 0; j < 32; j++)
                {
                    Assert.AreEqual((int)s[j], acc[j]);
                }
            }
        }

        private static void AddSigned(int[] acc, int digit)
        {
            // acc is non-negative throughout because higher digits dominate; propagate signed carries.
            int carry = digit;
            for (int j = 0; j < acc.Length && carry != 0; j++)
            {
                int v = acc[j] + carry;
                acc[j] = v & 0xff;
                carry = v >> 8;
            }
        }

        private static void CheckReduce(string inputHex, string expectedHex)
        {
            byte[] input = Hex.Decode(inputHex);
            byte[] output = new byte[32];
            Scalar25519.Reduce(input, 0, output, 0, new long[Scalar25519.ReduceScratchLength]);
            CollectionAssert.AreEqual(Hex.Decode(expectedHex), output);
        }
    }
}
