using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class ChecksumTests
    {
        [TestMethod]
        public void TheCheckValuesOfTheStandards()
        {
            byte[] digits = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };

            Assert.AreEqual(0xCBF43926u, Crc32.Compute(digits, 0, 9));
            Assert.AreEqual(0x29B1, Crc16.Compute(digits, 0, 9));
        }

        [TestMethod]
        public void Crc32ContinuesWhereItStopped()
        {
            byte[] digits = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };

            Assert.AreEqual(0xCBF43926u, Crc32.Continue(Crc32.Compute(digits, 0, 4), digits, 4, 5));
            Assert.AreEqual(0xCBF43926u, Crc32.Continue(0, digits, 0, 9));
        }

        [TestMethod]
        public void LittleEndianRoundTrips()
        {
            byte[] buffer = new byte[8];
            LittleEndian.WriteInt24(buffer, 0, -5);
            Assert.AreEqual(-5, LittleEndian.ReadInt24(buffer, 0));
            LittleEndian.WriteInt64(buffer, 0, -1234567890123L);
            Assert.AreEqual(-1234567890123L, LittleEndian.ReadInt64(buffer, 0));
            LittleEndian.WriteUInt32(buffer, 0, 0xFFFFFFFEu);
            Assert.AreEqual(0xFFFFFFFEu, LittleEndian.ReadUInt32(buffer, 0));
            Assert.AreEqual((byte)0xFE, buffer[0]);
        }
    }
}
