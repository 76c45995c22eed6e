using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Text
{
    [TestClass]
    public class OrdinalTests
    {
        [TestMethod]
        public void FindsCharByChar()
        {
            // Desktop .NET's culture-sensitive IndexOf (ICU) answers -1 and 0 for the first two.
            Assert.AreEqual(1, Ordinal.IndexOf("\r\n", "\n"));
            Assert.AreEqual(-1, Ordinal.IndexOf("abc", "\u00ad"));
            Assert.AreEqual(2, Ordinal.IndexOf("a-b-", "b"));
            Assert.AreEqual(3, Ordinal.IndexOf("a-b-", "-", 2));
            Assert.AreEqual(-1, Ordinal.IndexOf("ab", "abc"));
            Assert.AreEqual(0, Ordinal.IndexOf(string.Empty, string.Empty));
            Assert.AreEqual(2, Ordinal.IndexOf("ab", string.Empty, 2));
        }

        [TestMethod]
        public void TellsApartCharactersBeyondTheBasicPlane()
        {
            // "x😀y😁" and "😁" made at run time (the device's indexer answers the high surrogate for both halves of each pair).
            string text = Utf8.Decode(new byte[] { 0x78, 0xF0, 0x9F, 0x98, 0x80, 0x79, 0xF0, 0x9F, 0x98, 0x81 }, 0, 10);
            string grin = Utf8.Decode(new byte[] { 0xF0, 0x9F, 0x98, 0x81 }, 0, 4);
            string smile = Utf8.Decode(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 0, 4);
            Assert.AreEqual(4, Ordinal.IndexOf(text, grin));
            Assert.AreEqual(1, Ordinal.IndexOf(text, smile));
            Assert.AreEqual(3, Ordinal.IndexOf(text, "y"));
            Assert.IsFalse(Ordinal.StartsWith(smile + "x", grin));
            Assert.IsTrue(Ordinal.StartsWith(smile + "x", smile));
        }

        [TestMethod]
        public void TellsAPrefix()
        {
            Assert.IsTrue(Ordinal.StartsWith("https://x", "https://"));
            Assert.IsFalse(Ordinal.StartsWith("http", "https://"));
            Assert.IsFalse(Ordinal.StartsWith("abc", "\u00ad"));
            Assert.IsTrue(Ordinal.StartsWith("abc", string.Empty));
        }

        [TestMethod]
        public void RefusesAStartOutsideTheText()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Ordinal.IndexOf("ab", "a", 3));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => Ordinal.IndexOf(null, "a"));
        }
    }
}
