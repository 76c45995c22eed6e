using Firmware.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Crypto
{
    /// <summary>
    /// Operation counters: zero in a normal build; with CRYPTO_COUNTERS they report the cost of one
    /// verification (about 1,400 multiplications and 1,500 squarings, i.e. ~226,000 32x32->64 products).
    /// </summary>
    [TestClass]
    public class CryptoCountersTests
    {
        [TestMethod]
        public void CountsOneVerification()
        {
            Ed25519Verifier verifier = new Ed25519Verifier();
            byte[] pk = Hex.Decode(Rfc8032Vectors.PublicKeys[0]);
            byte[] sig = Hex.Decode(Rfc8032Vectors.Signatures[0]);
            CryptoCounters.Reset();
            Assert.IsTrue(verifier.Verify(pk, new byte[0], sig), "valid");
            long wide = CryptoCounters.WideMultiplies;
            if (CryptoCounters.Enabled)
            {
                Assert.IsTrue(CryptoCounters.FieldMultiplications > 1000, "multiplications counted");
                Assert.IsTrue(CryptoCounters.FieldSquarings > 1000, "squarings counted");
                Assert.AreEqual(1L, CryptoCounters.ScalarReductions);
                Assert.IsTrue(wide > 150000 && wide < 300000, "wide multiplies in expected range: " + wide.ToString());
            }
            else
            {
                Assert.AreEqual(0L, wide);
            }
        }
    }
}
