using Firmware.Boot;
using Firmware.Storage;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The resumable steps of a staging (<see cref="SlotStaging"/>) on one slot, each repeated safely after a cut.</summary>
    [TestClass]
    public class SlotStagingTests
    {
        private const int SectorSize = 2048;
        private const int ImageSize = 2500;
        private const int ChunkSize = 1024;

        [TestMethod]
        public void TheSameStagingResumesWithItsProgressAndAnotherStartsAfresh()
        {
            RamFlash flash = new RamFlash(SectorSize, 4);
            SlotArea area = new SlotArea(flash, new byte[SlotArea.MarksOffset]);
            SlotStaging staging = new SlotStaging();
            Assert.IsFalse(staging.Open(1, area, Descriptor(0), new byte[] { 5 }, 0, 1, new SlotDescriptor()));
            Assert.AreEqual(1, staging.Slot);
            EraseAll(staging);
            Assert.IsTrue(staging.WriteChunk(0, Chunk(0, ChunkSize), 0, ChunkSize));

            // The next boot opens it again.
            SlotStaging again = new SlotStaging();
            Assert.IsTrue(again.Open(1, area, Descriptor(0), new byte[] { 5 }, 0, 1, new SlotDescriptor()));
            Assert.IsTrue(again.IsChunkWritten(0));
            Assert.IsFalse(again.IsChunkWritten(1));
            int erases = flash.Erases;
            Assert.IsFalse(again.EraseNextSector(), "the sectors stay erased");
            Assert.AreEqual(erases, flash.Erases);

            SlotStaging other = new SlotStaging();
            Assert.IsFalse(other.Open(1, area, Descriptor(1), new byte[] { 5 }, 0, 1, new SlotDescriptor()), "another manifest");
            Assert.IsFalse(other.IsChunkWritten(0));
            Assert.IsTrue(other.EraseNextSector());
        }

        [TestMethod]
        public void ResumingNeedsTheSameImageChunksAndManifestAndNeverAFactoryImage()
        {
            SlotDescriptor stored = Descriptor(0);
            Assert.IsTrue(SlotStaging.Resumes(stored, Descriptor(0)));
            Assert.IsFalse(SlotStaging.Resumes(stored, Descriptor(1)), "another manifest");
            SlotDescriptor otherImage = Descriptor(0);
            otherImage.ImageSha256[31] = 1;
            Assert.IsFalse(SlotStaging.Resumes(stored, otherImage));
            SlotDescriptor otherChunks = Descriptor(0);
            otherChunks.ChunkSize = 512;
            Assert.IsFalse(SlotStaging.Resumes(stored, otherChunks));
            stored.Factory = true;
            Assert.IsFalse(SlotStaging.Resumes(stored, Descriptor(0)));
        }

        [TestMethod]
        public void ChunksAreWrittenWholeAndOnlyOnceEverySectorIsErased()
        {
            SlotStaging staging = Opened(new RamFlash(SectorSize, 4));
            byte[] chunk = Chunk(0, ChunkSize);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => staging.WriteChunk(0, chunk, 0, ChunkSize));

            EraseAll(staging);

            Assert.ThrowsException(typeof(System.ArgumentException), () => staging.WriteChunk(0, chunk, 0, ChunkSize - 1));
            Assert.ThrowsException(typeof(System.ArgumentException), () => staging.WriteChunk(2, chunk, 0, ChunkSize), "the last chunk is 452 bytes");
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => staging.WriteChunk(3, chunk, 0, ChunkSize));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => staging.IsChunkWritten(-1));
            Assert.IsTrue(staging.WriteChunk(2, Chunk(2, ImageSize - (2 * ChunkSize)), 0, ImageSize - (2 * ChunkSize)));
            Assert.IsTrue(staging.IsChunkWritten(2));
        }

        [TestMethod]
        public void AChunkAlreadyInFlashIsOnlyMarkedAndOneACutLeftWithOtherBitsIsRefused()
        {
            RamFlash flash = new RamFlash(SectorSize, 4);
            SlotArea area = new SlotArea(flash, new byte[SlotArea.MarksOffset]);
            SlotStaging staging = new SlotStaging();
            staging.Open(1, area, Descriptor(0), new byte[] { 5 }, 0, 1, new SlotDescriptor());
            EraseAll(staging);

            // A cut after the data and before the mark: the data is there, the mark is not.
            byte[] chunk = Chunk(0, ChunkSize);
            area.ProgramImage(0, chunk, 0, ChunkSize);
            int programmed = flash.BytesProgrammed;
            Assert.IsTrue(staging.WriteChunk(0, chunk, 0, ChunkSize));
            Assert.AreEqual(programmed + 1, flash.BytesProgrammed, "only the mark is programmed");

            // A cut left other data in chunk 1: a bit it needs at 1 is at 0.
            byte[] other = Chunk(9, ChunkSize);
            area.ProgramImage(ChunkSize, other, 0, 16);
            Assert.IsFalse(staging.WriteChunk(1, Chunk(1, ChunkSize), 0, ChunkSize));
            Assert.IsFalse(staging.IsChunkWritten(1), "not marked");
        }

        [TestMethod]
        public void AStagingIsCompleteOnlyWithEverySectorErasedAndEveryChunkWritten()
        {
            SlotStaging staging = Opened(new RamFlash(SectorSize, 4));
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => staging.RequireComplete());
            EraseAll(staging);
            staging.WriteChunk(0, Chunk(0, ChunkSize), 0, ChunkSize);
            staging.WriteChunk(1, Chunk(1, ChunkSize), 0, ChunkSize);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => staging.RequireComplete(), "chunk 2 is missing");
            staging.WriteChunk(2, Chunk(2, ImageSize - (2 * ChunkSize)), 0, ImageSize - (2 * ChunkSize));

            staging.RequireComplete();

            staging.Close();
            Assert.AreEqual(BootControlRecord.NoSlot, staging.Slot);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => staging.RequireComplete(), "no staging is open");
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => staging.EraseNextSector());
        }

        private static SlotStaging Opened(RamFlash flash)
        {
            SlotStaging staging = new SlotStaging();
            staging.Open(0, new SlotArea(flash, new byte[SlotArea.MarksOffset]), Descriptor(0), new byte[] { 5 }, 0, 1, new SlotDescriptor());
            return staging;
        }

        private static void EraseAll(SlotStaging staging)
        {
            int sectors = 0;
            while (staging.EraseNextSector())
            {
                sectors++;
            }

            Assert.AreEqual(2, sectors, "2500 bytes span two sectors of 2048");
        }

        private static SlotDescriptor Descriptor(byte manifestTag)
        {
            SlotDescriptor d = new SlotDescriptor();
            d.VersionMajor = 2;
            d.SecurityCounter = 1;
            d.ImageSize = ImageSize;
            d.ChunkSize = ChunkSize;
            d.ManifestDigest[0] = manifestTag;
            return d;
        }

        private static byte[] Chunk(int tag, int size)
        {
            return OtaImage.Create(tag + 20, size);
        }
    }
}
