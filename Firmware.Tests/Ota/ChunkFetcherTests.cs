using Firmware.Ota;
using Firmware.Tests.Crypto;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>One chunk by range reads (<see cref="ChunkFetcher"/>): continued after a broken read, bounded by the deadline.</summary>
    [TestClass]
    public class ChunkFetcherTests
    {
        private const string Url = "http://ota.test/image.bin";
        private const int ImageSize = 2500;
        private const int ChunkSize = 1024;

        [TestMethod]
        public void AChunkArrivesInAsManyReadsAsTheServerNeeds()
        {
            FakeDownloader server = Server();
            server.MaxPerRead = 300;
            ChunkFetcher fetcher = Fetcher(server, new FakeClock());
            int length;

            Assert.AreEqual(ChunkFetcher.Done, fetcher.Fetch(Url, ImageSize, ChunkSize, 1, 100000, out length));

            Assert.AreEqual(ChunkSize, length);
            Assert.AreEqual(4, server.Reads);
            Assert.AreEqual((long)ChunkSize, fetcher.BytesDownloaded);
            Assert.IsTrue(TestBytes.Equal(Slice(server.Content, ChunkSize, ChunkSize), Slice(fetcher.Buffer, 0, ChunkSize)));
        }

        [TestMethod]
        public void AReadThatBreaksOffIsContinuedWhereItStoppedUnlessForgotten()
        {
            FakeDownloader server = Server();
            server.FailAfterBytes = 500;
            ChunkFetcher fetcher = Fetcher(server, new FakeClock());
            int length;

            Assert.AreEqual(ChunkFetcher.Failed, fetcher.Fetch(Url, ImageSize, ChunkSize, 0, 100000, out length));
            Assert.AreEqual("link down", fetcher.LastError);
            Assert.AreEqual(500, fetcher.Received);

            server.FailAfterBytes = -1;
            Assert.AreEqual(ChunkFetcher.Done, fetcher.Fetch(Url, ImageSize, ChunkSize, 0, 100000, out length));
            Assert.AreEqual((long)ChunkSize, fetcher.BytesDownloaded, "nothing fetched twice");
            Assert.IsTrue(TestBytes.Equal(Slice(server.Content, 0, ChunkSize), Slice(fetcher.Buffer, 0, ChunkSize)));

            fetcher.Forget();
            Assert.AreEqual(ChunkFetcher.Done, fetcher.Fetch(Url, ImageSize, ChunkSize, 0, 100000, out length));
            Assert.AreEqual(2L * ChunkSize, fetcher.BytesDownloaded, "a forgotten chunk starts again");
        }

        [TestMethod]
        public void TheLastChunkIsShorterAndAServerImageThatEndsEarlyIsTruncated()
        {
            FakeDownloader server = Server();
            ChunkFetcher fetcher = Fetcher(server, new FakeClock());
            int length;
            Assert.AreEqual(ChunkFetcher.Done, fetcher.Fetch(Url, ImageSize, ChunkSize, 2, 100000, out length));
            Assert.AreEqual(ImageSize - (2 * ChunkSize), length);

            server.Content = Slice(server.Content, 0, 2100);
            ChunkFetcher shortened = Fetcher(server, new FakeClock());
            Assert.AreEqual(ChunkFetcher.Truncated, shortened.Fetch(Url, ImageSize, ChunkSize, 2, 100000, out length));
            Assert.AreEqual(2100 - (2 * ChunkSize), shortened.Received);
        }

        [TestMethod]
        public void NoReadStartsAfterTheDeadlineAndAFailedReadSaysWhy()
        {
            FakeDownloader server = Server();
            FakeClock clock = new FakeClock();
            clock.UptimeMilliseconds = 5000;
            ChunkFetcher fetcher = Fetcher(server, clock);
            int length;

            Assert.AreEqual(ChunkFetcher.OutOfTime, fetcher.Fetch(Url, ImageSize, ChunkSize, 0, 5000, out length));
            Assert.AreEqual(0, server.Reads);

            Assert.AreEqual(ChunkFetcher.Failed, fetcher.Fetch("http://ota.test/other.bin", ImageSize, ChunkSize, 0, 6000, out length));
            Assert.AreEqual("404 http://ota.test/other.bin", fetcher.LastError);
        }

        private static FakeDownloader Server()
        {
            return new FakeDownloader(Url, OtaImage.Create(6, ImageSize));
        }

        private static ChunkFetcher Fetcher(FakeDownloader server, FakeClock clock)
        {
            ChunkFetcher fetcher = new ChunkFetcher(server, clock, new OtaSettings());
            fetcher.Prepare(ChunkSize);
            return fetcher;
        }

        private static byte[] Slice(byte[] data, int offset, int count)
        {
            byte[] slice = new byte[count];
            System.Array.Copy(data, offset, slice, 0, count);
            return slice;
        }
    }
}
