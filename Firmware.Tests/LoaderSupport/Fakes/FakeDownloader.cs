using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// Serves one resource from memory by byte ranges: answers at most <see cref="MaxPerRead"/> bytes per call,
    /// can fail a number of reads, and counts what it served. With <see cref="IgnoresRange"/> it stands for a server
    /// without Range support as a downloader that copes with one sees it (the notice Firmware.Ota.RangeIgnoredNotice
    /// recognises; spelt out here because these fakes depend on the loader alone).
    /// </summary>
    public sealed class FakeDownloader : IDownloader
    {
        /// <summary>How a downloader's error starts when the server ignored a Range request (the updater's word range-ignored).</summary>
        public const string RangeIgnoredPrefix = "range-ignored: ";

        private long _answerAt = -1;

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

        /// <summary>
        /// When true, each answer streams the resource from its first byte: a read continues the open answer when it asks
        /// for a later position (skipping up to it), else a new answer starts (<see cref="Answers"/>), and that read is the
        /// notice (-1, <see cref="RangeIgnoredPrefix"/>). With
        /// <see cref="Clock"/> set, each byte streamed, skipped or served, takes <see cref="MicrosecondsPerByte"/>; a read
        /// whose skip outlasts its timeout fails and loses the answer, and one whose chunk does returns the part streamed.
        /// </summary>
        public bool IgnoresRange { get; set; }

        /// <summary>The clock that streaming advances, or null for no cost.</summary>
        public FakeClock Clock { get; set; }

        public int MicrosecondsPerByte { get; set; }

        /// <summary>Answers that streamed from the first byte (with <see cref="IgnoresRange"/>).</summary>
        public int Answers { get; private set; }

        /// <summary>Bytes streamed and dropped to reach the positions asked.</summary>
        public long BytesSkipped { get; private set; }

        /// <summary>The connection is gone (the device slept or restarted): an open answer is not continued.</summary>
        public void Disconnect()
        {
            _answerAt = -1;
        }

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

            long streamable = long.MaxValue;
            if (IgnoresRange && (Notice(position) || !SkipTo(position, timeoutMilliseconds, out streamable)))
            {
                return -1;
            }

            int n = Content.Length - position < count ? Content.Length - position : count;
            n = n < MaxPerRead ? n : MaxPerRead;
            if (FailAfterBytes > 0 && n > FailAfterBytes)
            {
                n = (int)FailAfterBytes;
            }

            if (n > streamable)
            {
                // What the rest of the timeout streams: a partial read.
                n = (int)streamable;
            }

            System.Array.Copy(Content, position, buffer, offset, n);
            BytesServed += n;
            if (IgnoresRange)
            {
                _answerAt = position + n;
                Spend(n);
            }

            if (FailAfterBytes > 0)
            {
                FailAfterBytes -= n;
            }

            return n;
        }

        /// <summary>
        /// Opens an answer from the first byte when none can be continued, and streams up to the position; false when the
        /// timeout ends first (nothing left to serve). <paramref name="streamable"/>: the bytes the rest of the timeout streams.
        /// </summary>
        private bool SkipTo(int position, int timeoutMilliseconds, out long streamable)
        {
            long skip = position - _answerAt;
            long affordable = Clock == null || MicrosecondsPerByte <= 0 ? long.MaxValue : (long)timeoutMilliseconds * 1000 / MicrosecondsPerByte;
            if (skip >= affordable)
            {
                // A read cut by its timeout loses the connection: the next one starts a new answer.
                BytesSkipped += affordable;
                Spend(affordable);
                streamable = 0;
                LastError = "the server ignores Range requests: streamed to byte " + (_answerAt + affordable).ToString() + " of the " + position.ToString() + " to skip";
                _answerAt = -1;
                return false;
            }

            _answerAt = position;
            BytesSkipped += skip;
            Spend(skip);
            streamable = affordable - skip;
            return true;
        }

        /// <summary>Starts a new answer when the open one cannot serve the position; true when it did: this read is the notice.</summary>
        private bool Notice(int position)
        {
            if (_answerAt >= 0 && position >= _answerAt)
            {
                return false;
            }

            _answerAt = 0;
            Answers++;
            LastError = RangeIgnoredPrefix + "the server answered with the whole resource; the next reads stream it";
            return true;
        }

        private void Spend(long bytes)
        {
            if (Clock != null)
            {
                Clock.UptimeMilliseconds += bytes * MicrosecondsPerByte / 1000;
            }
        }
    }
}
