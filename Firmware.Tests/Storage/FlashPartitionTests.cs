using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class FlashPartitionTests
    {
        [TestMethod]
        public void AddressesAreRelativeToThePartition()
        {
            RamFlash flash = new RamFlash(256, 8);
            FlashPartition partition = new FlashPartition(flash, 2, 3);
            partition.Program(5, new byte[] { 0x12 }, 0, 1);
            byte[] buffer = new byte[1];

            flash.Read(512 + 5, buffer, 0, 1);

            Assert.AreEqual((byte)0x12, buffer[0]);
            Assert.AreEqual(768, partition.Size);
            partition.Erase(0);
            flash.Read(512 + 5, buffer, 0, 1);
            Assert.AreEqual((byte)0xFF, buffer[0]);
        }

        [TestMethod]
        public void NothingOutsideThePartitionCanBeReached()
        {
            RamFlash flash = new RamFlash(256, 8);
            FlashPartition partition = new FlashPartition(flash, 2, 3);
            int before = flash.BytesProgrammed;

            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => partition.Program(767, new byte[2], 0, 2));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => partition.Read(-1, new byte[1], 0, 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => partition.Erase(3));
            Assert.AreEqual(before, flash.BytesProgrammed);
            Assert.AreEqual(0, flash.Erases);
        }

        [TestMethod]
        public void APartitionMustBeWholeSectorsInsideTheFlash()
        {
            RamFlash flash = new RamFlash(256, 8);

            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new FlashPartition(flash, 6, 3));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new FlashPartition(flash, 0, 0));
            Assert.ThrowsException(typeof(System.ArgumentException), () => FlashPartition.FromBytes(flash, 100, 512));
            Assert.ThrowsException(typeof(System.ArgumentException), () => FlashPartition.FromBytes(flash, 256, 500));
            Assert.AreEqual(3, FlashPartition.FromBytes(flash, 256, 768).SectorCount);
        }
    }
}
