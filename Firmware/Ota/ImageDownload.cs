using Firmware.Boot;
using Firmware.Crypto;
using Firmware.Ports;

namespace Firmware.Ota
{
    /// <summary>
    /// The download of an accepted image into the staging slot, in the steps <see cref="IUpdateSlots"/> makes
    /// resumable: open the staging (the manifest is stored in the slot's header), erase the image sectors, fetch each
    /// chunk not written yet with range reads (a read that breaks off is continued from where it stopped) and write
    /// it, read the slot back and check its SHA-256, then mark it pending. A cut costs at most the chunk in flight: the
    /// next boot resumes from the manifest stored in the slot (<see cref="TakeStaged"/>).
    /// </summary>
    public sealed class ImageDownload
    {
        /// <summary>Phases: nothing in progress, then erasing, downloading, verifying, and pending (a reboot is due).</summary>
        public const int Idle = 0;

        public const int Erasing = 1;

        public const int Downloading = 2;

        public const int Verifying = 3;

        public const int Pending = 4;

        /// <summary>What <see cref="Run"/> stopped at: nothing in progress.</summary>
        public const int Stopped = 0;

        /// <summary>The time budget ran out with work left.</summary>
        public const int OutOfTime = 1;

        /// <summary><see cref="OtaSettings.MaxReadFailuresPerStep"/> range reads failed (<see cref="FetchError"/> says how).</summary>
        public const int ServerUnreachable = 2;

        /// <summary>The server's image ends before the manifest's size, at <see cref="TruncatedAt"/>.</summary>
        public const int Truncated = 3;

        /// <summary>The image read back matches the manifest's SHA-256 and is pending.</summary>
        public const int Verified = 4;

        /// <summary>The image read back does not match the manifest's SHA-256.</summary>
        public const int HashMismatch = 5;

        private readonly IUpdateSlots _slots;
        private readonly ChunkFetcher _fetcher;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly OtaSettings _settings;
        private readonly Sha256 _sha;
        private readonly ManifestReader _reader = new ManifestReader();
        private readonly Manifest _manifest = new Manifest();
        private readonly byte[] _manifestBytes = new byte[ManifestFormat.MaxSize];
        private readonly byte[] _manifestDigest = new byte[Sha256.HashSize];
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private readonly SlotDescriptor _descriptor = new SlotDescriptor();
        private int _manifestLength;
        private int _phase;
        private int _nextChunk;

        /// <param name="sha">The updater's hasher, shared (used only within a call).</param>
        public ImageDownload(IUpdateSlots slots, IDownloader downloader, IClock clock, ILog log, OtaSettings settings, Sha256 sha)
        {
            _slots = slots;
            _fetcher = new ChunkFetcher(downloader, clock, settings);
            _clock = clock;
            _log = log;
            _settings = settings;
            _sha = sha;
        }

        /// <summary>One of <see cref="Idle"/>, <see cref="Erasing"/>, <see cref="Downloading"/>, <see cref="Verifying"/>, <see cref="Pending"/>.</summary>
        public int Phase
        {
            get { return _phase; }
        }

        /// <summary>True while erasing, downloading or verifying.</summary>
        public bool InProgress
        {
            get { return _phase >= Erasing && _phase <= Verifying; }
        }

        /// <summary>The manifest of the image (as last taken).</summary>
        public Manifest Manifest
        {
            get { return _manifest; }
        }

        /// <summary>The SHA-256 of the manifest's bytes.</summary>
        public byte[] ManifestDigest
        {
            get { return _manifestDigest; }
        }

        /// <summary>Chunks of the download, and how many are written (0 and 0 when none runs).</summary>
        public int ChunkCount { get; private set; }

        public int ChunksWritten { get; private set; }

        /// <summary>Image bytes fetched from the server (what a resume fetches again shows here).</summary>
        public long BytesDownloaded
        {
            get { return _fetcher.BytesDownloaded; }
        }

        /// <summary>The error of the last range read that failed in the last <see cref="Run"/>, or null.</summary>
        public string FetchError { get; private set; }

        /// <summary>Where the server's image ended, after <see cref="Truncated"/>.</summary>
        public int TruncatedAt { get; private set; }

        /// <summary>True once the downloader said that the image server ignores Range requests (<see cref="RangeIgnoredNotice"/>).</summary>
        public bool RangeIgnored
        {
            get { return _fetcher.RangeIgnored; }
        }

        /// <summary>Time the runs since <see cref="StartTiming"/> spent fetching chunks (the downloading phase), ms.</summary>
        public long DownloadingMilliseconds { get; private set; }

        /// <summary>The first chunk not written yet (<see cref="ChunkCount"/> when all are).</summary>
        public int FirstMissingChunk
        {
            get
            {
                int index = NextMissingChunk();
                return index < 0 ? ChunkCount : index;
            }
        }

        /// <summary>Starts counting <see cref="DownloadingMilliseconds"/> afresh (at the start of a step).</summary>
        public void StartTiming()
        {
            DownloadingMilliseconds = 0;
        }

        /// <summary>True when the manifest with this SHA-256 is the one being downloaded.</summary>
        public bool IsOf(byte[] digest)
        {
            return ByteRuns.Equal(digest, 0, _manifestDigest, 0, Sha256.HashSize);
        }

        /// <summary>Takes the manifest of an accepted announce: its bytes and their SHA-256.</summary>
        public void Take(byte[] manifest, int offset, int count, byte[] digest)
        {
            System.Array.Copy(manifest, offset, _manifestBytes, 0, count);
            _manifestLength = count;
            System.Array.Copy(digest, _manifestDigest, Sha256.HashSize);
            _reader.Read(_manifestBytes, 0, count, _manifest);
        }

        /// <summary>
        /// Takes the firmware manifest stored with the staging slot, as a boot after a cut finds it; false when the slot
        /// holds none. The caller checks it is still to be trusted before it calls <see cref="Open"/>.
        /// </summary>
        public bool TakeStaged()
        {
            int slot = _slots.StagingSlot;
            if (slot == BootControlRecord.NoSlot || !_slots.ReadDescriptor(slot, _descriptor) || _descriptor.Factory || _descriptor.ManifestLength == 0)
            {
                return false;
            }

            int length = _slots.ReadManifest(slot, _manifestBytes, 0);
            if (length <= 0 || !_reader.Read(_manifestBytes, 0, length, _manifest) || _manifest.Kind != ManifestFormat.KindFirmware)
            {
                return false;
            }

            _sha.Update(_manifestBytes, 0, length);
            _sha.Final(_manifestDigest, 0);
            _manifestLength = length;
            return true;
        }

        /// <summary>Opens (or resumes) the staging of the manifest taken and counts the chunks already written; true when resumed.</summary>
        public bool Open()
        {
            _descriptor.Factory = false;
            _descriptor.VersionMajor = _manifest.VersionMajor;
            _descriptor.VersionMinor = _manifest.VersionMinor;
            _descriptor.VersionPatch = _manifest.VersionPatch;
            _descriptor.SecurityCounter = _manifest.SecurityCounter;
            _descriptor.ImageSize = _manifest.ImageSize;
            _descriptor.ChunkSize = _manifest.ChunkSize;
            _descriptor.ManifestLength = _manifestLength;
            System.Array.Copy(_manifest.ImageSha256, _descriptor.ImageSha256, SlotDescriptor.DigestSize);
            System.Array.Copy(_manifestDigest, _descriptor.ManifestDigest, SlotDescriptor.DigestSize);
            bool resumed = _slots.OpenStaging(_descriptor, _manifestBytes, 0, _manifestLength);
            _fetcher.Prepare(_manifest.ChunkSize);

            ChunkCount = ((_manifest.ImageSize - 1) / _manifest.ChunkSize) + 1;
            ChunksWritten = 0;
            for (int i = 0; i < ChunkCount; i++)
            {
                if (_slots.IsChunkWritten(i))
                {
                    ChunksWritten++;
                }
            }

            _phase = Erasing;
            _nextChunk = 0;
            return resumed;
        }

        /// <summary>Nothing is in progress any more; the staging slot keeps what was written.</summary>
        public void Forget()
        {
            _phase = Idle;
            ChunkCount = 0;
            ChunksWritten = 0;
        }

        /// <summary>Drops the staging (the slot's header is erased): nothing is in progress.</summary>
        public void Abandon()
        {
            _slots.AbandonStaging();
            Forget();
        }

        /// <summary>Drops the staging and opens it afresh: the image is erased and fetched again.</summary>
        public void Restart()
        {
            _slots.AbandonStaging();
            Open();
        }

        /// <summary>
        /// Works on the download until <paramref name="deadline"/> (uptime, ms; one range read may end up to its timeout
        /// later, the read-back check runs to its end) and returns what it stopped at. <paramref name="failures"/> counts
        /// the failed range reads of the caller's step.
        /// </summary>
        public int Run(long deadline, ref int failures)
        {
            FetchError = null;
            while (true)
            {
                if (_phase == Erasing)
                {
                    if (_clock.UptimeMilliseconds >= deadline)
                    {
                        return OutOfTime;
                    }

                    if (!_slots.EraseNextSector())
                    {
                        _phase = Downloading;
                    }

                    continue;
                }

                if (_phase == Downloading)
                {
                    int index = NextMissingChunk();
                    if (index < 0)
                    {
                        _phase = Verifying;
                        continue;
                    }

                    if (_clock.UptimeMilliseconds >= deadline)
                    {
                        return OutOfTime;
                    }

                    int length;
                    long fetchStarted = _clock.UptimeMilliseconds;
                    int fetched = _fetcher.Fetch(_manifest.ImageUrl, _manifest.ImageSize, _manifest.ChunkSize, index, deadline, out length);
                    DownloadingMilliseconds += _clock.UptimeMilliseconds - fetchStarted;
                    if (fetched == ChunkFetcher.OutOfTime)
                    {
                        return OutOfTime;
                    }

                    if (fetched == ChunkFetcher.Failed)
                    {
                        FetchError = _fetcher.LastError;
                        failures++;
                        if (failures >= _settings.MaxReadFailuresPerStep)
                        {
                            return ServerUnreachable;
                        }

                        continue;
                    }

                    if (fetched == ChunkFetcher.Truncated)
                    {
                        TruncatedAt = (index * _manifest.ChunkSize) + _fetcher.Received;
                        return Truncated;
                    }

                    _fetcher.Forget();
                    if (!_slots.WriteChunk(index, _fetcher.Buffer, 0, length))
                    {
                        // A chunk cut earlier held other data: only a fresh staging (erasing the slot) clears it.
                        _log.Write(LogLevel.Warning, "ota", "chunk " + index.ToString() + " cannot be written over what a cut left; staging again");
                        Restart();
                        continue;
                    }

                    ChunksWritten++;
                    _nextChunk = index + 1;
                    continue;
                }

                if (_phase == Verifying)
                {
                    if (!ImageVerifies())
                    {
                        return HashMismatch;
                    }

                    _slots.MarkPending();
                    _phase = Pending;
                    return Verified;
                }

                return Stopped;
            }
        }

        private int NextMissingChunk()
        {
            for (int i = _nextChunk; i < ChunkCount; i++)
            {
                if (!_slots.IsChunkWritten(i))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Reads the staged image back from flash and compares its SHA-256 with the manifest's.</summary>
        private bool ImageVerifies()
        {
            int slot = _slots.StagingSlot;
            int size = _manifest.ImageSize;
            byte[] buffer = _fetcher.Buffer;
            for (int position = 0; position < size; position += buffer.Length)
            {
                int count = size - position < buffer.Length ? size - position : buffer.Length;
                _slots.ReadImage(slot, position, buffer, 0, count);
                _sha.Update(buffer, 0, count);
            }

            _sha.Final(_digest, 0);
            return ByteRuns.Equal(_digest, 0, _manifest.ImageSha256, 0, Sha256.HashSize);
        }
    }
}
