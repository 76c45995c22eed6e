using Firmware.Ports;

namespace Firmware.Ota
{
    /// <summary>
    /// Fetches one chunk of an image into its buffer with range reads, each bounded by the read timeout and the
    /// caller's deadline. A read that breaks off is continued from where it stopped, so within a boot a dropped
    /// connection costs nothing; a server whose image ends early is told apart from a failed read. Once the downloader
    /// says the server ignores Range requests (<see cref="RangeIgnoredNotice"/>: it streams the image from its start and
    /// skips to the position), the notice is not a failed read, and a read may take what is left of the deadline:
    /// streaming past the chunks written is progress, not a server that does not answer.
    /// </summary>
    public sealed class ChunkFetcher
    {
        /// <summary>The chunk is in the buffer.</summary>
        public const int Done = 0;

        /// <summary>A range read failed (<see cref="LastError"/>); fetching the same chunk again continues it.</summary>
        public const int Failed = 1;

        /// <summary>The server had no byte at the position asked: its image ends there.</summary>
        public const int Truncated = 2;

        /// <summary>The deadline passed before the chunk was complete.</summary>
        public const int OutOfTime = 3;

        private readonly IDownloader _downloader;
        private readonly IClock _clock;
        private readonly OtaSettings _settings;
        private byte[] _buffer;
        private int _chunk = -1;
        private int _received;

        public ChunkFetcher(IDownloader downloader, IClock clock, OtaSettings settings)
        {
            _downloader = downloader;
            _clock = clock;
            _settings = settings;
        }

        /// <summary>Holds the chunk fetched (and serves the read-back check as a buffer).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Bytes of the current chunk received so far.</summary>
        public int Received
        {
            get { return _received; }
        }

        /// <summary>Image bytes fetched from the server, in all.</summary>
        public long BytesDownloaded { get; private set; }

        /// <summary>Why the last read failed, for people.</summary>
        public string LastError { get; private set; }

        /// <summary>True once the downloader said that the server ignores Range requests (<see cref="RangeIgnoredNotice"/>).</summary>
        public bool RangeIgnored { get; private set; }

        /// <summary>Makes room for chunks of this size and forgets a chunk half fetched.</summary>
        public void Prepare(int chunkSize)
        {
            if (_buffer == null || _buffer.Length < chunkSize)
            {
                _buffer = new byte[chunkSize];
            }

            Forget();
        }

        /// <summary>The chunk half fetched (if any) is not continued: the next fetch starts it from its first byte.</summary>
        public void Forget()
        {
            _chunk = -1;
        }

        /// <summary>
        /// Fetches chunk <paramref name="index"/> of the image at <paramref name="url"/> (<paramref name="imageSize"/>
        /// bytes in chunks of <paramref name="chunkSize"/>), continuing what an earlier fetch of the same chunk received.
        /// Returns <see cref="Done"/> (<paramref name="length"/> bytes in <see cref="Buffer"/>), <see cref="Failed"/>,
        /// <see cref="Truncated"/> or <see cref="OutOfTime"/>.
        /// </summary>
        public int Fetch(string url, int imageSize, int chunkSize, int index, long deadline, out int length)
        {
            int position = index * chunkSize;
            length = imageSize - position < chunkSize ? imageSize - position : chunkSize;
            if (_chunk != index)
            {
                _chunk = index;
                _received = 0;
            }

            bool noticed = false;
            while (_received < length)
            {
                long left = deadline - _clock.UptimeMilliseconds;
                if (left <= 0)
                {
                    return OutOfTime;
                }

                int timeout = left < _settings.ReadTimeoutMilliseconds || RangeIgnored ? (left > int.MaxValue ? int.MaxValue : (int)left) : _settings.ReadTimeoutMilliseconds;
                int read = _downloader.ReadRange(url, position + _received, _buffer, _received, length - _received, timeout);
                if (read < 0 && !noticed && RangeIgnoredNotice.Is(_downloader.LastError))
                {
                    // Not a failure: the next read streams the answer. A second notice without a byte between is one.
                    RangeIgnored = true;
                    noticed = true;
                    continue;
                }

                if (read > 0)
                {
                    noticed = false;
                }

                if (read < 0 || read > length - _received)
                {
                    LastError = read < 0 ? _downloader.LastError : "the downloader returned more bytes than asked";
                    return Failed;
                }

                if (read == 0)
                {
                    return Truncated;
                }

                _received += read;
                BytesDownloaded += read;
            }

            return Done;
        }
    }
}
