using Firmware.Boot;
using Firmware.Crypto;
using Firmware.Storage;
using Firmware.Tests.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>When a slot's image is one to fall back to (<see cref="SlotValidation"/>), and why not, in the order checked.</summary>
    [TestClass]
    public class SlotValidationTests
    {
        private const int SectorSize = 2048;
        private const int ImageSize = 3000;

        [TestMethod]
        public void AProvenCompleteImageThatMatchesItsHashQualifies()
        {
            RamFlash flash = new RamFlash(SectorSize, 4);
            SlotValidation validation = Validation(flash);
            Written(flash, 3, true, true);
            SlotDescriptor scratch = new SlotDescriptor();

            Assert.IsNull(validation.WhyNotFallback(1, scratch, 3));

            Assert.AreEqual(3L, scratch.SecurityCounter, "the descriptor is left for the caller");
            Assert.IsTrue(validation.ImageMatches(1, scratch));
        }

        [TestMethod]
        public void EachReasonIsNamedWithTheSlotAndItsVersion()
        {
            RamFlash flash = new RamFlash(SectorSize, 4);
            SlotValidation validation = Validation(flash);
            Assert.AreEqual("slot 1 holds no image", validation.WhyNotFallback(1, new SlotDescriptor(), 0));

            Written(flash, 3, false, true);
            Assert.AreEqual("slot 1 (firmware 2.0.0) never ran confirmed (staged, on trial or rolled back)", validation.WhyNotFallback(1, new SlotDescriptor(), 0));

            Written(flash, 3, true, true);
            Assert.AreEqual("slot 1 (firmware 2.0.0) has security counter 3, below the minimum 4", validation.WhyNotFallback(1, new SlotDescriptor(), 4));

            flash.FlipBit((2 * SectorSize) + 10, 3);
            Assert.AreEqual("slot 1 (firmware 2.0.0) does not match its SHA-256", validation.WhyNotFallback(1, new SlotDescriptor(), 3));

            Written(flash, 3, true, false);
            Assert.AreEqual("slot 1 (firmware 2.0.0) does not match its SHA-256", validation.WhyNotFallback(1, new SlotDescriptor(), 3), "an all-zero hash never matches");
        }

        [TestMethod]
        public void AProvenSlotWithAStepNotDoneIsNotCompletelyWritten()
        {
            RamFlash flash = new RamFlash(SectorSize, 4);
            SlotValidation validation = Validation(flash);
            SlotArea area = new SlotArea(flash, new byte[SlotArea.MarksOffset]);
            area.WriteStagingHeader(Descriptor(1, true), new byte[] { 1 }, 0, 1, new SlotDescriptor());
            area.MarkProven();

            Assert.AreEqual("slot 1 (firmware 2.0.0) is not completely written", validation.WhyNotFallback(1, new SlotDescriptor(), 0));
        }

        [TestMethod]
        public void HashWritesTheSha256OfTheBytes()
        {
            SlotValidation validation = Validation(new RamFlash(SectorSize, 4));
            byte[] data = OtaImage.Create(5, 700);
            byte[] expected = new byte[32];
            Sha256.Hash(data, 10, 600, expected, 0);
            byte[] digest = new byte[32];

            validation.Hash(data, 10, 600, digest);

            Assert.IsTrue(TestBytes.Equal(expected, digest));
        }

        /// <summary>A validation over slot 0 (an empty flash) and slot 1 (<paramref name="slot1"/>).</summary>
        private static SlotValidation Validation(RamFlash slot1)
        {
            byte[] header = new byte[SlotArea.MarksOffset];
            return new SlotValidation(new SlotArea[] { new SlotArea(new RamFlash(SectorSize, 4), header), new SlotArea(slot1, header) });
        }

        /// <summary>Writes image 2.0.0 as a factory install (every mark done), proven when asked, its SHA-256 recorded when asked.</summary>
        private static void Written(RamFlash flash, long counter, bool proven, bool hashed)
        {
            SlotArea area = new SlotArea(flash, new byte[SlotArea.MarksOffset]);
            SlotDescriptor d = Descriptor(counter, hashed);
            area.WriteFactoryImage(d, OtaImage.Create(2, ImageSize), 0, ImageSize, new SlotDescriptor());
            if (proven)
            {
                area.MarkProven();
            }
        }

        private static SlotDescriptor Descriptor(long counter, bool hashed)
        {
            SlotDescriptor d = new SlotDescriptor();
            d.VersionMajor = 2;
            d.SecurityCounter = counter;
            d.ImageSize = ImageSize;
            d.ChunkSize = 1024;
            if (hashed)
            {
                byte[] image = OtaImage.Create(2, ImageSize);
                Sha256.Hash(image, 0, image.Length, d.ImageSha256, 0);
            }

            return d;
        }
    }
}
