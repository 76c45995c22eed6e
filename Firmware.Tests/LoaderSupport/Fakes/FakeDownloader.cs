using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// Serves one resource from memory by byte ranges: answers at most <see cref="MaxPerRead"/> bytes per call,
    /// can fail a number of reads, and counts what it served.
    /// </summary>
    public sealed class FakeDownloader : IDownloader
    {
        public FakeDownloader(string url, byte[] content)
        {
            Url = url;
            Content = content;
            MaxPerRead = int.MaxValue;
            FailAfterBytes = -1;
        }

        public string Url { get; set; }

        public byte[] Content { get; set; }

        public int MaxPerRead { get; set; }

        /// <summary>Reads that fail before the next one succeeds.</summary>
        public int FailNextReads { get; set; }

        /// <summary>When not negative: after serving this many more bytes, every read fails (a dropped link).</summary>
        public long FailAfterBytes { get; set; }

        public long BytesServed { get; private set; }

        /// <summary>Content served once <see cref="BytesServed"/> reaches <see cref="SwitchAfterBytes"/>, or null.</summary>
        public byte[] LaterContent { get; set; }

        public long SwitchAfterBytes { get; set; }

        public int Reads { get; private set; }

        public string LastError { get; private set; }

        public int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            Reads++;
            if (url != Url)
            {
                LastError = "404 " + url;
                return -1;
            }

            if (FailNextReads > 0)
            {
                FailNextReads--;
                LastError = "connection reset";
                return -1;
            }

            if (FailAfterBytes == 0)
            {
                LastError = "link down";
                return -1;
            }

            if (LaterContent != null && BytesServed >= SwitchAfterBytes)
            {
                Content = LaterContent;
                LaterContent = null;
            }

            if (position >= Content.Length)
            {
                return 0;
            }

            int n = Content.Length - position < count ? Content.Length - position : count;
            n = n < MaxPerRead ? n : MaxPerRead;
            if (FailAfterBytes > 0 && n > FailAfterBytes)
            {
                n = (int)FailAfterBytes;
            }

            System.Array.Copy(Content, position, buffer, offset, n);
            BytesServed += n;
            if (FailAfterBytes > 0)
            {
                FailAfterBytes -= n;
            }

            return n;
        }
    }
}
