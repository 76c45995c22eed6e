using Firmware.Boot;
using Firmware.Storage;
using Firmware.Tests.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>A slot's layout in flash (<see cref="SlotArea"/>): what fits, the header, the marks and the proven mark.</summary>
    [TestClass]
    public class SlotAreaTests
    {
        private const int SectorSize = 2048;

        [TestMethod]
        public void AnImageFitsWhenItsSectorsAndItsMarksDoInEverySlot()
        {
            SlotArea[] areas = new SlotArea[] { Area(new RamFlash(SectorSize, 4)), Area(new RamFlash(SectorSize, 4)) };
            Assert.IsTrue(SlotArea.AllHold(areas, 3 * SectorSize, 512));
            Assert.IsFalse(SlotArea.AllHold(areas, (3 * SectorSize) + 1, 512), "one byte past the image sectors");
            Assert.IsFalse(SlotArea.AllHold(areas, 0, 512));
            Assert.IsFalse(SlotArea.AllHold(areas, 512, 0));

            // One mark per sector and per chunk after the descriptor and manifest, before the proven mark (the last byte).
            int room = SectorSize - 1 - SlotArea.MarksOffset;
            Assert.IsTrue(SlotArea.AllHold(areas, room - 1, 1), "one sector and room - 1 chunks of a byte");
            Assert.IsFalse(SlotArea.AllHold(areas, room, 1), "the marks would reach the proven mark");

            SlotArea[] unequal = new SlotArea[] { areas[0], Area(new RamFlash(SectorSize, 3)) };
            Assert.IsFalse(SlotArea.AllHold(unequal, 3 * SectorSize, 512), "the smaller slot decides");
            Assert.IsTrue(SlotArea.AllHold(unequal, 2 * SectorSize, 512));
        }

        [TestMethod]
        public void AStagingHeaderHoldsTheDescriptorAndTheManifestAndNoMark()
        {
            RamFlash flash = new RamFlash(SectorSize, 4);
            SlotArea area = Area(flash);
            area.MarkProven();
            SlotDescriptor wanted = Descriptor(3000, 1024);
            wanted.Factory = true;
            byte[] manifest = new byte[] { 9, 8, 7, 6, 5 };
            SlotDescriptor scratch = new SlotDescriptor();

            area.WriteStagingHeader(wanted, manifest, 1, 3, scratch);

            SlotDescriptor read = new SlotDescriptor();
            Assert.IsTrue(area.ReadDescriptor(read));
            Assert.IsFalse(read.Factory, "a staging is never a factory image");
            Assert.AreEqual(3000, read.ImageSize);
            Assert.AreEqual(3, read.ManifestLength);
            byte[] stored = new byte[SlotDescriptor.ManifestCapacity];
            Assert.AreEqual(3, area.ReadManifest(scratch, stored, 0));
            Assert.AreEqual((byte)8, stored[0]);
            Assert.AreEqual((byte)6, stored[2]);
            Assert.IsFalse(area.IsProven(), "the header was erased first");
            byte[] marks = new byte[area.SectorsFor(3000) + 3];
            area.ReadMarks(marks, marks.Length);
            Assert.IsTrue(TestBytes.Equal(TestBytes.Filled(0xFF, marks.Length), marks), "no step is done");
            Assert.IsTrue(wanted.Factory, "the caller's descriptor is left as it was");
        }

        [TestMethod]
        public void MarksAndTheProvenMarkAreSetOneByOneAndGoWithTheHeader()
        {
            SlotArea area = Area(new RamFlash(SectorSize, 4));
            area.WriteStagingHeader(Descriptor(3000, 1024), new byte[1], 0, 1, new SlotDescriptor());

            area.SetMark(1);
            area.MarkProven();

            byte[] marks = new byte[4];
            area.ReadMarks(marks, 4);
            Assert.AreEqual((byte)0xFF, marks[0]);
            Assert.AreEqual(SlotArea.Done, marks[1]);
            Assert.IsTrue(area.IsProven());

            area.EraseHeader();

            Assert.IsFalse(area.ReadDescriptor(new SlotDescriptor()));
            Assert.IsFalse(area.IsProven());
            Assert.AreEqual(-1, area.ReadManifest(new SlotDescriptor(), new byte[SlotDescriptor.ManifestCapacity], 0));
        }

        [TestMethod]
        public void AFactoryImageIsWrittenWholeWithEveryMarkDoneButNotProven()
        {
            RamFlash flash = new RamFlash(SectorSize, 4);
            SlotArea area = Area(flash);
            byte[] image = OtaImage.Create(4, 5000);
            SlotDescriptor scratch = new SlotDescriptor();

            area.WriteFactoryImage(Descriptor(5000, 1024), image, 0, image.Length, scratch);

            Assert.IsTrue(scratch.Factory);
            Assert.AreEqual(0, scratch.ManifestLength);
            byte[] back = new byte[5000];
            area.ReadImage(0, back, 0, back.Length);
            Assert.IsTrue(TestBytes.Equal(image, back));
            byte[] marks = new byte[area.SectorsFor(5000) + 5 + 1];
            area.ReadMarks(marks, marks.Length);
            for (int i = 0; i < marks.Length - 1; i++)
            {
                Assert.AreEqual(SlotArea.Done, marks[i], "mark " + i.ToString());
            }

            Assert.AreEqual((byte)0xFF, marks[marks.Length - 1], "no mark past the image's");
            Assert.IsFalse(area.IsProven(), "proven only once boot control says so");
        }

        [TestMethod]
        public void ImageReadsStayInsideTheImageSectors()
        {
            SlotArea area = Area(new RamFlash(SectorSize, 4));
            Assert.AreEqual(3 * SectorSize, area.ImageCapacity);
            area.ReadImage(area.ImageCapacity - 2, new byte[2], 0, 2);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => area.ReadImage(area.ImageCapacity - 1, new byte[2], 0, 2));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => area.ReadImage(-1, new byte[2], 0, 1));
        }

        private static SlotArea Area(RamFlash flash)
        {
            return new SlotArea(flash, new byte[SlotArea.MarksOffset]);
        }

        private static SlotDescriptor Descriptor(int imageSize, int chunkSize)
        {
            SlotDescriptor d = new SlotDescriptor();
            d.VersionMajor = 2;
            d.SecurityCounter = 1;
            d.ImageSize = imageSize;
            d.ChunkSize = chunkSize;
            return d;
        }
    }
}
