using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Text
{
    /// <summary>JSON numbers as exact decimals (<see cref="JsonNumber"/>): what the text becomes, where a bad one fails, and fixed-point values.</summary>
    [TestClass]
    public class JsonNumberTests
    {
        [TestMethod]
        public void TheTextBecomesAMantissaAndAPowerOfTen()
        {
            AssertScans("21.5", 215, -1);
            AssertScans("-0.050", -50, -3);
            AssertScans("0", 0, 0);
            AssertScans("-0", 0, 0);
            AssertScans("1.25E+2", 125, 0);
            AssertScans("7e-3", 7, -3);
            AssertScans("0.000", 0, -3);
            AssertScans("123456789012345678", 123456789012345678, 0);
            AssertScans("1234567890123456780", 123456789012345678, 1);
            AssertScans("1.0000000000000000000", 100000000000000000, -17);
        }

        [TestMethod]
        public void ANumberEndsAtTheFirstByteThatCannotContinueIt()
        {
            byte[] text = Utf8.GetBytes("[12.5e1,3]");
            int stop;
            long mantissa;
            int exponent;
            Assert.IsNull(JsonNumber.Scan(text, 1, text.Length, out stop, out mantissa, out exponent));
            Assert.AreEqual(7, stop);
            Assert.AreEqual(125L, mantissa);
            Assert.AreEqual(0, exponent);

            Assert.IsNull(JsonNumber.Scan(text, 1, 3, out stop, out mantissa, out exponent), "the end bounds it");
            Assert.AreEqual(3, stop);
            Assert.AreEqual(12L, mantissa);
        }

        [TestMethod]
        public void ABadNumberSaysWhyAndWhere()
        {
            AssertFails("-", "invalid number", 1);
            AssertFails("-a", "invalid number", 1);
            AssertFails("012", "leading zeros are not allowed in numbers", 1);
            AssertFails("1.", "a decimal point must be followed by digits", 2);
            AssertFails("1.e3", "a decimal point must be followed by digits", 2);
            AssertFails("2e", "an exponent must have digits", 2);
            AssertFails("2e+x", "an exponent must have digits", 3);
            AssertFails("1e99999", "number exponent out of range", 6);
            AssertFails("1234567890123456789", "number has more than 18 significant digits", 19);
            AssertFails("0.1234567890123456789", "number has more than 18 significant digits", 21);
        }

        [TestMethod]
        public void AValueIsGivenExactlyAtTheScaleAskedOrNotAtAll()
        {
            long value;
            Assert.IsTrue(JsonNumber.ToFixed(215, -1, -1, out value));
            Assert.AreEqual(215L, value);
            Assert.IsTrue(JsonNumber.ToFixed(215, -1, -3, out value));
            Assert.AreEqual(21500L, value);
            Assert.IsFalse(JsonNumber.ToFixed(215, -1, 0, out value), "21.5 has a decimal");
            Assert.AreEqual(0L, value);
            Assert.IsTrue(JsonNumber.ToFixed(2150, -2, -1, out value), "trailing zeros go");
            Assert.AreEqual(215L, value);
            Assert.IsTrue(JsonNumber.ToFixed(0, 900, 0, out value), "zero at any power");
            Assert.AreEqual(0L, value);
            Assert.IsTrue(JsonNumber.ToFixed(-9, 18, 0, out value));
            Assert.AreEqual(-9000000000000000000L, value);
            Assert.IsFalse(JsonNumber.ToFixed(10, 18, 0, out value), "past a long");
            Assert.IsFalse(JsonNumber.ToFixed(-10, 18, 0, out value));
        }

        private static void AssertScans(string json, long mantissa, int exponent)
        {
            byte[] text = Utf8.GetBytes(json);
            int stop;
            long m;
            int e;
            Assert.IsNull(JsonNumber.Scan(text, 0, text.Length, out stop, out m, out e), json);
            Assert.AreEqual(text.Length, stop, json);
            Assert.AreEqual(mantissa, m, json);
            Assert.AreEqual(exponent, e, json);
        }

        private static void AssertFails(string json, string error, int at)
        {
            byte[] text = Utf8.GetBytes(json);
            int stop;
            long m;
            int e;
            Assert.AreEqual(error, JsonNumber.Scan(text, 0, text.Length, out stop, out m, out e), json);
            Assert.AreEqual(at, stop, json);
        }
    }
}
