using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Storage
{
    [TestClass]
    public class FlashLayoutTests
    {
        [TestMethod]
        public void ASmallRegionGetsNoSlotsAndTheLogTakesTheRest()
        {
            FlashLayout layout = FlashLayout.Standard(new SizeOnlyFlash(4096, 48));

            Assert.IsNull(layout.SlotA);
            Assert.AreEqual(0, layout.BootControl.FirstSector);
            Assert.AreEqual(2, layout.State.FirstSector);
            Assert.AreEqual(4, layout.Log.FirstSector);
            Assert.AreEqual(44, layout.Log.SectorCount);
        }

        [TestMethod]
        public void ALargeRegionGetsTwoSlotsBeforeTheStateAndLog()
        {
            FlashLayout layout = FlashLayout.Standard(new SizeOnlyFlash(4096, 256));

            // Slots of 384 KiB: 96 sectors each, a header sector and 380 KiB of image.
            Assert.AreEqual(96, layout.SlotSectors);
            Assert.AreEqual(2, layout.SlotA.FirstSector);
            Assert.AreEqual(98, layout.SlotB.FirstSector);
            Assert.AreEqual(194, layout.State.FirstSector);
            Assert.AreEqual(196, layout.Log.FirstSector);
            Assert.AreEqual(60, layout.Log.SectorCount);
        }

        [TestMethod]
        public void ATargetsOwnSlotSizeIsKeptOnlyWhereTheLogStillHasItsRoom()
        {
            FlashLayout twin = FlashLayout.Standard(new SizeOnlyFlash(4096, 512), 512 * 1024);

            Assert.AreEqual(128, twin.SlotSectors);
            Assert.AreEqual(130, twin.SlotB.FirstSector);
            Assert.AreEqual(258, twin.State.FirstSector);
            Assert.AreEqual(252, twin.Log.SectorCount);

            // 2 + 2 x 128 + 2 + 16 sectors are needed for slots of 512 KiB: one sector less and there are none.
            Assert.AreEqual(128, FlashLayout.Standard(new SizeOnlyFlash(4096, 276), 512 * 1024).SlotSectors);
            Assert.IsNull(FlashLayout.Standard(new SizeOnlyFlash(4096, 275), 512 * 1024).SlotA);
        }

        [TestMethod]
        public void ASlotThatIsNotWholeSectorsIsRejected()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => FlashLayout.Standard(new SizeOnlyFlash(4096, 512), 0));
            Assert.ThrowsException(typeof(System.ArgumentException), () => FlashLayout.Standard(new SizeOnlyFlash(4096, 512), -4096));
            Assert.ThrowsException(typeof(System.ArgumentException), () => FlashLayout.Standard(new SizeOnlyFlash(4096, 512), 6000));
        }

        [TestMethod]
        public void ARegionTooSmallOrOddIsRejected()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => FlashLayout.Standard(new SizeOnlyFlash(4096, 6)));
            Assert.ThrowsException(typeof(System.ArgumentException), () => FlashLayout.Create(new SizeOnlyFlash(4096, 20), 8));
            Assert.ThrowsException(typeof(System.ArgumentException), () => FlashLayout.Standard(new SizeOnlyFlash(64, 64)));
        }
    }
}
