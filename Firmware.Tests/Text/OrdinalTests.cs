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
