using Firmware.Power;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Power
{
    [TestClass]
    public class CompactIntegerTests
    {
        [TestMethod]
        public void ValuesRoundTripAtEveryLengthBoundary()
        {
            long[] values = new long[] { 0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 4294967296, long.MaxValue };
            byte[] buffer = new byte[CompactInteger.MaxLength * values.Length];
            int at = 0;
            for (int i = 0; i < values.Length; i++)
            {
                CompactInteger.Write(buffer, ref at, values[i]);
            }

            int end = at;
            at = 0;
            for (int i = 0; i < values.Length; i++)
            {
                Assert.AreEqual(values[i], CompactInteger.Read(buffer, ref at, end));
            }

            Assert.AreEqual(end, at);
        }

        [TestMethod]
        public void SmallValuesTakeOneByteAndTheLargestNine()
        {
            byte[] buffer = new byte[CompactInteger.MaxLength];
            int at = 0;
            CompactInteger.Write(buffer, ref at, 127);
            Assert.AreEqual(1, at);
            at = 0;
            CompactInteger.Write(buffer, ref at, long.MaxValue);
            Assert.AreEqual(CompactInteger.MaxLength, at);
        }

        [TestMethod]
        public void TruncatedAndOverlongNumbersAreRejected()
        {
            byte[] truncated = new byte[] { 0x80, 0x80 };
            int at = 0;
            Assert.AreEqual(-1L, CompactInteger.Read(truncated, ref at, truncated.Length));

            byte[] overlong = new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
            at = 0;
            Assert.AreEqual(-1L, CompactInteger.Read(overlong, ref at, overlong.Length));
        }

        [TestMethod]
        public void NegativeValuesAreACallerBug()
        {
            byte[] buffer = new byte[CompactInteger.MaxLength];
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () =>
            {
                int at = 0;
                CompactInteger.Write(buffer, ref at, -1);
            });
        }
    }
}
