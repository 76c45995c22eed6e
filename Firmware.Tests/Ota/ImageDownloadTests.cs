using Firmware.Boot;
using Firmware.Crypto;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Tests.Crypto;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The download of an accepted image (<see cref="ImageDownload"/>): its phases, what stops a run, and a resume after a cut.</summary>
    [TestClass]
    public class ImageDownloadTests
    {
        [TestMethod]
        public void ATakenImageIsErasedFetchedVerifiedAndPendingInOneRun()
        {
            OtaRig rig = new OtaRig();
            ImageDownload download = Download(rig);
            Take(download, OtaVectors.V2);
            Assert.AreEqual(ImageDownload.Idle, download.Phase);

            Assert.IsFalse(download.Open(), "a new staging");
            Assert.AreEqual(ImageDownload.Erasing, download.Phase);
            Assert.IsTrue(download.InProgress);
            Assert.AreEqual(5, download.ChunkCount);
            int failures = 0;

            Assert.AreEqual(ImageDownload.Verified, download.Run(100000, ref failures));

            Assert.AreEqual(ImageDownload.Pending, download.Phase);
            Assert.IsFalse(download.InProgress);
            Assert.AreEqual(5, download.ChunksWritten);
            Assert.AreEqual((long)OtaVectors.ImageSize, download.BytesDownloaded);
            Assert.AreEqual(1, rig.Slots.State.Record.PendingSlot);
            Assert.IsNull(download.FetchError);
        }

        [TestMethod]
        public void TheDeadlineStopsARunAndTheNextRunContinues()
        {
            OtaRig rig = new OtaRig();
            ImageDownload download = Download(rig);
            Take(download, OtaVectors.V2);
            download.Open();
            int failures = 0;
            rig.Clock.UptimeMilliseconds = 1000;

            Assert.AreEqual(ImageDownload.OutOfTime, download.Run(1000, ref failures));
            Assert.AreEqual(ImageDownload.Erasing, download.Phase, "not a sector erased past the deadline");
            Assert.AreEqual(0L, download.BytesDownloaded);

            Assert.AreEqual(ImageDownload.Verified, download.Run(100000, ref failures));
        }

        [TestMethod]
        public void FailedReadsCountAcrossTheRunsOfAStep()
        {
            OtaRig rig = new OtaRig();
            rig.Settings.MaxReadFailuresPerStep = 3;
            rig.Downloader.FailNextReads = 5;
            ImageDownload download = Download(rig);
            Take(download, OtaVectors.V2);
            download.Open();
            int failures = 1;

            Assert.AreEqual(ImageDownload.ServerUnreachable, download.Run(100000, ref failures));

            Assert.AreEqual(3, failures, "two more failed reads were enough");
            Assert.AreEqual("connection reset", download.FetchError);
            Assert.AreEqual(ImageDownload.Downloading, download.Phase);
        }

        [TestMethod]
        public void AServerImageThatEndsEarlyStopsTheRunAtTheByteItEnds()
        {
            OtaRig rig = new OtaRig();
            byte[] shorter = new byte[4000];
            System.Array.Copy(OtaImage.Create(2, OtaVectors.ImageSize), shorter, shorter.Length);
            rig.Downloader.Content = shorter;
            ImageDownload download = Download(rig);
            Take(download, OtaVectors.V2);
            download.Open();
            int failures = 0;

            Assert.AreEqual(ImageDownload.Truncated, download.Run(100000, ref failures));

            Assert.AreEqual(4000, download.TruncatedAt);
            download.Abandon();
            Assert.AreEqual(ImageDownload.Idle, download.Phase);
            Assert.AreEqual(0, download.ChunkCount);
            Assert.IsFalse(rig.Slots.ReadDescriptor(1, new SlotDescriptor()), "the staging is dropped");
        }

        [TestMethod]
        public void AnImageThatDoesNotMatchItsHashIsNotPendingAndARestartFetchesItAgain()
        {
            OtaRig rig = new OtaRig();
            byte[] bad = OtaImage.Create(2, OtaVectors.ImageSize);
            bad[100] ^= 0x80;
            rig.Downloader.Content = bad;
            ImageDownload download = Download(rig);
            Take(download, OtaVectors.V2);
            download.Open();
            int failures = 0;

            Assert.AreEqual(ImageDownload.HashMismatch, download.Run(100000, ref failures));
            Assert.AreEqual(ImageDownload.Verifying, download.Phase);
            Assert.AreEqual(BootControlRecord.NoSlot, rig.Slots.State.Record.PendingSlot);

            rig.Downloader.Content = OtaImage.Create(2, OtaVectors.ImageSize);
            download.Restart();
            Assert.AreEqual(0, download.ChunksWritten, "the slot was erased");
            Assert.AreEqual(ImageDownload.Verified, download.Run(100000, ref failures));
            Assert.AreEqual(2L * OtaVectors.ImageSize, download.BytesDownloaded);
        }

        [TestMethod]
        public void TheNextBootTakesTheManifestBackFromTheSlotAndResumes()
        {
            OtaRig rig = new OtaRig();
            rig.Downloader.FailAfterBytes = 2500;
            ImageDownload download = Download(rig);
            byte[] digest = Take(download, OtaVectors.V2);
            download.Open();
            int failures = 0;
            Assert.AreEqual(ImageDownload.ServerUnreachable, download.Run(100000, ref failures));
            Assert.AreEqual(2, download.ChunksWritten);

            rig.Downloader.FailAfterBytes = -1;
            rig.Reboot(WakeCause.Timer);
            ImageDownload next = Download(rig);
            Assert.IsTrue(next.TakeStaged());

            Assert.IsTrue(next.IsOf(digest));
            Assert.AreEqual("2.0.0", next.Manifest.VersionText);
            Assert.IsTrue(next.Open(), "resumed");
            Assert.AreEqual(2, next.ChunksWritten);
            Assert.AreEqual(ImageDownload.Verified, next.Run(100000, ref failures));
            Assert.IsTrue(next.BytesDownloaded <= OtaVectors.ImageSize - 2048 + OtaVectors.ChunkSize);

            rig.Reboot(WakeCause.Timer);
            Assert.IsFalse(Download(rig).TakeStaged(), "nothing to take while an image is pending");
        }

        private static ImageDownload Download(OtaRig rig)
        {
            return new ImageDownload(rig.Slots, rig.Downloader, rig.Clock, rig.Log, rig.Settings, new Sha256());
        }

        /// <summary>Hands the download an accepted manifest; returns its SHA-256.</summary>
        private static byte[] Take(ImageDownload download, string manifestHex)
        {
            byte[] manifest = Hex.Decode(manifestHex);
            byte[] digest = new byte[32];
            Sha256.Hash(manifest, 0, manifest.Length, digest, 0);
            download.Take(manifest, 0, manifest.Length, digest);
            return digest;
        }
    }
}
