using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Text
{
    [TestClass]
    public class FixedPointTests
    {
        [TestMethod]
        public void WritesCentiUnitsWithTheShortestExactFraction()
        {
            Assert.AreEqual("21.53", FixedPoint.Format(2153, -2));
            Assert.AreEqual("21.5", FixedPoint.Format(2150, -2));
            Assert.AreEqual("21", FixedPoint.Format(2100, -2));
            Assert.AreEqual("0.05", FixedPoint.Format(5, -2));
        }

        [TestMethod]
        public void WritesNegativeValuesAndZero()
        {
            Assert.AreEqual("-0.05", FixedPoint.Format(-5, -2));
            Assert.AreEqual("-12.3", FixedPoint.Format(-1230, -2));
            Assert.AreEqual("0", FixedPoint.Format(0, -3));
            Assert.AreEqual("0", FixedPoint.Format(0, 2));
        }

        [TestMethod]
        public void WritesPositiveScalesAsTrailingZeros()
        {
            Assert.AreEqual("1500", FixedPoint.Format(15, 2));
            Assert.AreEqual("101325", FixedPoint.Format(101325, 0));
        }

        [TestMethod]
        public void WritesTheExtremesOfLong()
        {
            Assert.AreEqual("-9223372036854775808", FixedPoint.Format(long.MinValue, 0));
            Assert.AreEqual("9223372036854775807", FixedPoint.Format(long.MaxValue, 0));
            Assert.AreEqual("-9.223372036854775808", FixedPoint.Format(long.MinValue, -18));
        }

        [TestMethod]
        public void WritesUnixMillisecondsAsSeconds()
        {
            Assert.AreEqual("1764151500.123", FixedPoint.Format(1764151500123, -3));
            Assert.AreEqual("1764151500", FixedPoint.Format(1764151500000, -3));
        }

        [TestMethod]
        public void RefusesToWritePastTheLimitAndLeavesTheBufferAlone()
        {
            byte[] buffer = new byte[] { 0xAA, 0xAA, 0xAA, 0xAA };
            Assert.AreEqual(-1, FixedPoint.Write(buffer, 0, 4, 12345, 0));
            Assert.AreEqual((byte)0xAA, buffer[0]);
            Assert.AreEqual(4, FixedPoint.Write(buffer, 0, 4, -12, -1));
            Assert.AreEqual((byte)'-', buffer[0]);
            Assert.AreEqual((byte)'2', buffer[3]);
        }

        [TestMethod]
        public void RejectsScalesOutsideTheSupportedRange()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => FixedPoint.Format(1, -19));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => FixedPoint.Format(1, 19));
        }
    }
}
