using System.Collections;
using Firmware.Boot;
using Firmware.Crypto;
using Firmware.Ports;
using Firmware.Text;

namespace Firmware.Ota
{
    /// <summary>
    /// The updater, as the device loop drives it. One instance per boot, created after the loader chose the slot.
    /// <list type="number">
    /// <item><see cref="HandleAnnounce"/> checks an announced manifest (structure, a trusted key's signature,
    /// hardware model, runtime version, a version other than the running one, the security counter, room in a
    /// slot, battery) before anything is written, and starts or resumes the download, or refuses with a reason.</item>
    /// <item><see cref="Step"/> does bounded work within a time budget: erase the staging slot, fetch chunks with
    /// range reads and write them (each recorded in flash, so a cut costs at most the chunk in flight), read the slot
    /// back and check its SHA-256, then mark it pending and ask for a reboot.</item>
    /// <item>On the trial boot that follows, <see cref="ReportRadioSession"/> confirms the image after the health
    /// check (broker reached, a publish acknowledged), or counts a failed attempt when the network was up.</item>
    /// <item>Outcomes (updated, rolled back, refused and why) wait in <see cref="PendingEventCount"/> for the events
    /// topic; those about boot control and refusals are kept in flash until <see cref="EventsPublished"/>.</item>
    /// </list>
    /// Bad input never throws: it is refused with an <see cref="OtaReason"/>. A failing flash throws
    /// <see cref="System.IO.IOException"/>, which the caller logs; the next boot resumes from flash.
    /// </summary>
    public sealed class OtaAgent
    {
        private const int PhaseIdle = 0;
        private const int PhaseErasing = 1;
        private const int PhaseDownloading = 2;
        private const int PhaseVerifying = 3;
        private const int PhasePending = 4;

        private const int FetchDone = 0;
        private const int FetchFailed = 1;
        private const int FetchTruncated = 2;
        private const int FetchOutOfTime = 3;

        private readonly IUpdateSlots _slots;
        private readonly IDownloader _downloader;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly OtaSettings _settings;
        private readonly ManifestReader _reader = new ManifestReader();
        private readonly Manifest _manifest = new Manifest();
        private readonly Manifest _candidate = new Manifest();
        private readonly byte[] _manifestBytes = new byte[ManifestFormat.MaxSize];
        private readonly byte[] _manifestDigest = new byte[Sha256.HashSize];
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private readonly byte[] _publicKey = new byte[ManifestFormat.PublicKeySize];
        private readonly Sha256 _sha = new Sha256();
        private readonly UpdaterState _state = new UpdaterState();
        private readonly UpdaterState _draft = new UpdaterState();
        private readonly byte[] _stateBuffer;
        private readonly KeyRing _keys;
        private readonly SlotDescriptor _running = new SlotDescriptor();
        private readonly SlotDescriptor _descriptor = new SlotDescriptor();
        private readonly ArrayList _events = new ArrayList();
        private readonly bool _hasRunning;
        private Ed25519Verifier _verifier;
        private byte[] _chunk;
        private int _manifestLength;
        private int _phase;
        private int _nextChunk;
        private int _partialChunk = -1;
        private int _partialLength;
        private bool _failureCounted;
        private string _lastDeferred;

        /// <summary>
        /// Reads the updater's record and boot control: queues the outcome of the last update if it was not
        /// reported yet, and resumes a download that a cut interrupted.
        /// </summary>
        public OtaAgent(IUpdateSlots slots, IDownloader downloader, IClock clock, ILog log, OtaSettings settings)
        {
            _slots = slots;
            _downloader = downloader;
            _clock = clock;
            _log = log;
            _settings = settings ?? new OtaSettings();
            if (slots.UpdaterStateCapacity < UpdaterState.MaxEncodedSize)
            {
                throw new System.ArgumentException("the slots keep " + slots.UpdaterStateCapacity.ToString() + " bytes for the updater; it needs " + UpdaterState.MaxEncodedSize.ToString(), "slots");
            }

            _stateBuffer = new byte[UpdaterState.MaxEncodedSize];
            _keys = new KeyRing(slots);
            int length = _slots.ReadUpdaterState(_stateBuffer, 0);
            if (length > 0 && !_state.Decode(_stateBuffer, 0, length))
            {
                _log.Write(LogLevel.Error, "ota", "the updater's record is unreadable; starting from the loader's keys");
            }

            int runningSlot = _slots.State.RunningSlot;
            _hasRunning = runningSlot != BootControlRecord.NoSlot && _slots.ReadDescriptor(runningSlot, _running);
            QueueBootOutcome();
            ResumeInterrupted();
        }

        /// <summary>The running image's version, or "unknown".</summary>
        public string RunningVersion
        {
            get { return _hasRunning ? _running.VersionText : "unknown"; }
        }

        /// <summary>True while the running image is on trial (not confirmed yet).</summary>
        public bool IsTrial
        {
            get { return _slots.State.Trial; }
        }

        /// <summary>
        /// True while the running image waits for its health check: the device must run a radio session in this
        /// wake whatever its schedule says.
        /// </summary>
        public bool RadioSessionRequired
        {
            get { return _slots.State.Trial; }
        }

        /// <summary>True once the device must restart (an image is pending, or a trial attempt failed).</summary>
        public bool RebootRequested { get; private set; }

        /// <summary>The reason of the last refusal or deferral (an <see cref="OtaReason"/> word), or null.</summary>
        public string LastReason { get; private set; }

        /// <summary>Details of the last refusal, or the last download error, for people.</summary>
        public string LastDetail { get; private set; }

        /// <summary>Image bytes fetched from the server by this instance (what a resume re-fetches shows here).</summary>
        public long BytesDownloaded { get; private set; }

        /// <summary>Events dropped because more than <see cref="OtaSettings.MaxQueuedEvents"/> waited.</summary>
        public int DroppedEvents { get; private set; }

        /// <summary>The version being downloaded, verified or pending, or null when no update is in progress.</summary>
        public string TargetVersion
        {
            get { return _phase == PhaseIdle ? null : _manifest.VersionText; }
        }

        /// <summary>Chunks of the current download, and how many are written (0 and 0 when none runs).</summary>
        public int ChunkCount { get; private set; }

        public int ChunksWritten { get; private set; }

        /// <summary>One word: idle, erasing, downloading, verifying, pending-reboot, or trial.</summary>
        public string StateText
        {
            get
            {
                switch (_phase)
                {
                    case PhaseErasing:
                        return "erasing";
                    case PhaseDownloading:
                        return "downloading";
                    case PhaseVerifying:
                        return "verifying";
                    case PhasePending:
                        return "pending-reboot";
                    default:
                        return _slots.State.Trial ? "trial" : "idle";
                }
            }
        }

        public int PendingEventCount
        {
            get { return _events.Count; }
        }

        /// <summary>
        /// Considers an announce (the manifest's bytes). Returns an <see cref="OtaDecision"/>; on a refusal or a
        /// deferral <see cref="LastReason"/> says why and an event is queued. Writes flash only for an accepted
        /// announce (the staging) or to remember a refusal.
        /// </summary>
        /// <param name="batteryPercent">State of charge, or -1 for a device without a battery.</param>
        public int HandleAnnounce(byte[] payload, int offset, int count, int batteryPercent)
        {
            LastReason = null;
            LastDetail = null;
            int hashed = count < 0 ? 0 : count;
            _sha.Update(payload, offset, hashed > ManifestFormat.MaxSize + 1 ? ManifestFormat.MaxSize + 1 : hashed);
            _sha.Final(_digest, 0);
            if (_phase >= PhaseErasing && _phase <= PhaseVerifying && Same(_digest, _manifestDigest))
            {
                return OtaDecision.Resumed;
            }

            if (_phase == PhasePending || (_state.HasSettled && Same(_digest, _state.SettledDigest))
                || (_hasRunning && !_running.Factory && Same(_digest, _running.ManifestDigest)))
            {
                return OtaDecision.Ignored;
            }

            Manifest m = _candidate;
            if (!_reader.Read(payload, offset, count, m))
            {
                return Reject(_reader.Reason, _reader.Detail, null);
            }

            string untrusted = _keys.Find(_state, m.KeyId, 0, _publicKey);
            if (untrusted != null)
            {
                return Reject(untrusted, "key " + Hex(m.KeyId, 0, ManifestFormat.KeyIdSize), m);
            }

            if (!Verifier().Verify(_publicKey, 0, payload, offset, m.SignedLength, payload, offset + m.SignedLength))
            {
                return Reject(OtaReason.BadSignature, "signature does not verify with key " + Hex(m.KeyId, 0, ManifestFormat.KeyIdSize), m);
            }

            if (m.HardwareModel != _slots.HardwareModel)
            {
                return Reject(OtaReason.WrongHardware, "for " + m.HardwareModel + "; this is " + _slots.HardwareModel, m);
            }

            if (m.Kind == ManifestFormat.KindKeyUpdate)
            {
                return ApplyKeyUpdate(m);
            }

            if (RuntimeOlderThan(m.RuntimeVersion))
            {
                return Reject(OtaReason.RuntimeTooOld, "needs runtime " + Version4(m.RuntimeVersion) + "; this is " + Version4(_slots.RuntimeVersion), m);
            }

            if (_hasRunning && _running.SameVersion(m.VersionMajor, m.VersionMinor, m.VersionPatch))
            {
                return Reject(OtaReason.SameVersion, "already runs " + m.VersionText, m);
            }

            if (m.SecurityCounter < _slots.State.Record.MinimumSecurityCounter)
            {
                return Reject(OtaReason.SecurityCounterTooLow, "counter " + m.SecurityCounter.ToString() + " is below the minimum " + _slots.State.Record.MinimumSecurityCounter.ToString(), m);
            }

            if (!_slots.CanHold(m.ImageSize, m.ChunkSize))
            {
                return Reject(OtaReason.ImageTooLarge, m.ImageSize.ToString() + " bytes in chunks of " + m.ChunkSize.ToString() + " do not fit a slot", m);
            }

            if (_slots.StagingSlot == BootControlRecord.NoSlot)
            {
                return Defer(OtaReason.UpdateInProgress, "an image is pending or on trial", m);
            }

            if (batteryPercent >= 0 && batteryPercent < _settings.MinimumBatteryPercent)
            {
                return Defer(OtaReason.BatteryLow, "battery " + batteryPercent.ToString() + "%, an update needs " + _settings.MinimumBatteryPercent.ToString() + "%", m);
            }

            System.Array.Copy(payload, offset, _manifestBytes, 0, count);
            _manifestLength = count;
            System.Array.Copy(_digest, _manifestDigest, _digest.Length);
            _reader.Read(_manifestBytes, 0, count, _manifest);
            bool resumed = OpenStaging();
            _log.Write(LogLevel.Info, "ota", (resumed ? "resuming " : "downloading ") + _manifest.VersionText + " (" + _manifest.ImageSize.ToString() + " bytes) from " + _manifest.ImageUrl);
            return resumed ? OtaDecision.Resumed : OtaDecision.Accepted;
        }

        /// <summary>
        /// Works on the update in progress for at most about <paramref name="budgetMilliseconds"/> (one range read
        /// may end up to its timeout later; the read-back check runs to its end). Returns an <see cref="OtaStep"/>.
        /// </summary>
        public int Step(int budgetMilliseconds)
        {
            if (_phase == PhasePending)
            {
                return OtaStep.RebootRequired;
            }

            long deadline = _clock.UptimeMilliseconds + budgetMilliseconds;
            int failures = 0;
            while (true)
            {
                if (_phase == PhaseIdle)
                {
                    return OtaStep.Idle;
                }

                if (_phase == PhaseErasing)
                {
                    if (_clock.UptimeMilliseconds >= deadline)
                    {
                        return OtaStep.InProgress;
                    }

                    if (!_slots.EraseNextSector())
                    {
                        _phase = PhaseDownloading;
                    }

                    continue;
                }

                if (_phase == PhaseDownloading)
                {
                    int index = NextMissingChunk();
                    if (index < 0)
                    {
                        _phase = PhaseVerifying;
                        continue;
                    }

                    if (_clock.UptimeMilliseconds >= deadline)
                    {
                        return OtaStep.InProgress;
                    }

                    int length;
                    int fetched = Fetch(index, deadline, out length);
                    if (fetched == FetchOutOfTime)
                    {
                        return OtaStep.InProgress;
                    }

                    if (fetched == FetchFailed)
                    {
                        failures++;
                        if (failures >= _settings.MaxReadFailuresPerStep)
                        {
                            _log.Write(LogLevel.Warning, "ota", "image server unreachable, trying again next session: " + LastDetail);
                            return OtaStep.NetworkError;
                        }

                        continue;
                    }

                    if (fetched == FetchTruncated)
                    {
                        RefuseImage(OtaReason.ImageTruncated, "the server's image ends at byte " + ((index * _manifest.ChunkSize) + _partialLength).ToString() + "; the manifest says " + _manifest.ImageSize.ToString());
                        return OtaStep.Idle;
                    }

                    _partialChunk = -1;
                    if (!_slots.WriteChunk(index, _chunk, 0, length))
                    {
                        // A chunk cut earlier held other data: only a fresh staging (erasing the slot) clears it.
                        _log.Write(LogLevel.Warning, "ota", "chunk " + index.ToString() + " cannot be written over what a cut left; staging again");
                        _slots.AbandonStaging();
                        OpenStaging();
                        continue;
                    }

                    ChunksWritten++;
                    _nextChunk = index + 1;
                    continue;
                }

                if (_phase == PhaseVerifying)
                {
                    if (ImageVerifies())
                    {
                        _slots.MarkPending();
                        _phase = PhasePending;
                        RebootRequested = true;
                        _log.Write(LogLevel.Info, "ota", _manifest.VersionText + " verified from flash and pending; restarting to boot it on trial");
                        return OtaStep.RebootRequired;
                    }

                    if (!HashFailed())
                    {
                        return OtaStep.Idle;
                    }

                    continue;
                }

                return OtaStep.Idle;
            }
        }

        /// <summary>
        /// Tells the updater how the wake's radio session went: it confirms an image on trial once the broker
        /// acknowledged a publish; counts a failed attempt (once per boot, and asks for a reboot) when the network
        /// was up but the broker was not reached or did not acknowledge; and postpones the trial deadline when the
        /// network itself was down (an outage never uses up attempts). Does nothing outside a trial.
        /// </summary>
        public void ReportRadioSession(bool networkUp, bool brokerAcknowledged)
        {
            if (!_slots.State.Trial)
            {
                return;
            }

            if (brokerAcknowledged)
            {
                _slots.Confirm();
                _log.Write(LogLevel.Info, "ota", RunningVersion + " passed its health check and is confirmed");
                QueueBootOutcome();
                _state.HasSettled = false;
                SaveState();
                return;
            }

            if (networkUp)
            {
                if (!_failureCounted)
                {
                    _slots.RecordTrialFailure(TrialFailure.HealthCheck);
                    _failureCounted = true;
                    _log.Write(LogLevel.Warning, "ota", RunningVersion + " failed its health check with the network up; attempts left: " + _slots.State.Record.TrialAttemptsLeft.ToString());
                }

                RebootRequested = true;
                return;
            }

            _slots.KeepTrialAlive();
        }

        /// <summary>Writes event <paramref name="index"/> (0 is the oldest) as a JSON object.</summary>
        public void WriteEvent(int index, JsonWriter writer)
        {
            ((OtaEvent)_events[index]).Write(writer);
        }

        /// <summary>Event <paramref name="index"/> (0 is the oldest), to read or write into an event of the caller's.</summary>
        public OtaEvent PeekEvent(int index)
        {
            return (OtaEvent)_events[index];
        }

        /// <summary>The oldest <paramref name="count"/> events were published (acknowledged): forgets them for good.</summary>
        public void EventsPublished(int count)
        {
            bool dirty = false;
            for (int i = 0; i < count && _events.Count > 0; i++)
            {
                OtaEvent e = (OtaEvent)_events[0];
                _events.RemoveAt(0);
                if (e.OutcomeId > _state.ReportedOutcomeId)
                {
                    _state.ReportedOutcomeId = e.OutcomeId;
                    dirty = true;
                }

                if (e.ReportsStoredRejection && _state.HasSettled && !_state.SettledReported)
                {
                    _state.SettledReported = true;
                    dirty = true;
                }
            }

            if (dirty)
            {
                SaveState();
            }
        }

        /// <summary>Writes the updater's status as the properties of an "ota" object, for the retained status record.</summary>
        public void WriteStatus(JsonWriter writer)
        {
            writer.Name("ota");
            writer.BeginObject();
            writer.Property("slot", (long)_slots.State.RunningSlot);
            writer.Property("running", RunningVersion);
            writer.Property("state", StateText);
            writer.Property("minCounter", _slots.State.Record.MinimumSecurityCounter);
            if (_slots.State.Trial)
            {
                writer.Property("attemptsLeft", (long)_slots.State.Record.TrialAttemptsLeft);
            }

            if (ChunkCount > 0)
            {
                writer.Property("chunks", (long)ChunksWritten);
                writer.Property("of", (long)ChunkCount);
            }

            writer.EndObject();
        }

        private void QueueBootOutcome()
        {
            BootControlRecord boot = _slots.State.Record;
            if (boot.Outcome != BootOutcome.None && boot.OutcomeId > _state.ReportedOutcomeId && !Queued(boot.OutcomeId))
            {
                SlotDescriptor subject = new SlotDescriptor();
                SlotDescriptor other = new SlotDescriptor();
                bool hasSubject = _slots.ReadDescriptor(boot.OutcomeSlot, subject);
                bool hasOther = _slots.ReadDescriptor(1 - boot.OutcomeSlot, other);
                OtaEvent e = new OtaEvent(boot.Outcome == BootOutcome.Updated ? OtaOutcome.Updated : boot.Outcome == BootOutcome.Recovered ? OtaOutcome.Recovered : OtaOutcome.RolledBack);
                e.OutcomeId = boot.OutcomeId;
                e.Version = hasSubject ? subject.VersionText : null;
                e.Previous = hasOther ? other.VersionText : null;
                if (boot.Outcome == BootOutcome.Recovered)
                {
                    // Not remembered as refused: the image was good, its slot rotted; its announce may install it again.
                    e.Reason = OtaReason.ImageUnloadable;
                    e.Detail = hasOther && other.Factory ? "the factory image was restored" : "the other slot's image runs again";
                }
                else if (boot.Outcome == BootOutcome.RolledBack)
                {
                    e.Reason = TrialFailure.Name(boot.OutcomeReason);
                    if (hasSubject && !subject.Factory && !(_state.HasSettled && Same(_state.SettledDigest, subject.ManifestDigest)))
                    {
                        // Remember the image so that its retained announce does not install it again.
                        _state.HasSettled = true;
                        _state.SettledReported = true;
                        _state.SettledReason = OtaReason.RolledBackBefore;
                        System.Array.Copy(subject.ManifestDigest, _state.SettledDigest, SlotDescriptor.DigestSize);
                        SaveState();
                    }
                }

                Enqueue(e);
            }

            if (_state.HasSettled && !_state.SettledReported && _state.SettledReason.Length > 0 && !QueuedStoredRejection())
            {
                OtaEvent rejected = new OtaEvent(OtaOutcome.Rejected);
                rejected.Reason = _state.SettledReason;
                rejected.ReportsStoredRejection = true;
                Enqueue(rejected);
            }
        }

        /// <summary>Continues a download a cut interrupted, from the manifest stored in the staging slot.</summary>
        private void ResumeInterrupted()
        {
            int slot = _slots.StagingSlot;
            if (slot == BootControlRecord.NoSlot || !_slots.ReadDescriptor(slot, _descriptor) || _descriptor.Factory || _descriptor.ManifestLength == 0)
            {
                return;
            }

            int length = _slots.ReadManifest(slot, _manifestBytes, 0);
            if (length <= 0 || !_reader.Read(_manifestBytes, 0, length, _manifest) || _manifest.Kind != ManifestFormat.KindFirmware)
            {
                return;
            }

            _sha.Update(_manifestBytes, 0, length);
            _sha.Final(_manifestDigest, 0);
            if ((_state.HasSettled && Same(_manifestDigest, _state.SettledDigest)) || _keys.Find(_state, _manifest.KeyId, 0, _publicKey) != null
                || _manifest.SecurityCounter < _slots.State.Record.MinimumSecurityCounter
                || (_hasRunning && _running.SameVersion(_manifest.VersionMajor, _manifest.VersionMinor, _manifest.VersionPatch)))
            {
                return;
            }

            _manifestLength = length;
            OpenStaging();
            if (ChunksWritten == ChunkCount)
            {
                // A complete image may be an old one; it is verified and installed only when announced again.
                _phase = PhaseIdle;
                ChunkCount = 0;
                ChunksWritten = 0;
                return;
            }

            _log.Write(LogLevel.Info, "ota", "resuming the download of " + _manifest.VersionText + " at chunk " + ChunksWritten.ToString() + " of " + ChunkCount.ToString());
        }

        /// <summary>Opens (or resumes) the staging of <see cref="_manifest"/> and counts the chunks already written.</summary>
        private bool OpenStaging()
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
            if (_chunk == null || _chunk.Length < _manifest.ChunkSize)
            {
                _chunk = new byte[_manifest.ChunkSize];
            }

            ChunkCount = ((_manifest.ImageSize - 1) / _manifest.ChunkSize) + 1;
            ChunksWritten = 0;
            for (int i = 0; i < ChunkCount; i++)
            {
                if (_slots.IsChunkWritten(i))
                {
                    ChunksWritten++;
                }
            }

            _phase = PhaseErasing;
            _nextChunk = 0;
            _partialChunk = -1;
            return resumed;
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

        /// <summary>Fetches chunk <paramref name="index"/> into the chunk buffer, continuing a chunk a failed read left half done.</summary>
        private int Fetch(int index, long deadline, out int length)
        {
            int position = index * _manifest.ChunkSize;
            length = _manifest.ImageSize - position < _manifest.ChunkSize ? _manifest.ImageSize - position : _manifest.ChunkSize;
            if (_partialChunk != index)
            {
                _partialChunk = index;
                _partialLength = 0;
            }

            while (_partialLength < length)
            {
                long left = deadline - _clock.UptimeMilliseconds;
                if (left <= 0)
                {
                    return FetchOutOfTime;
                }

                int timeout = left < _settings.ReadTimeoutMilliseconds ? (int)left : _settings.ReadTimeoutMilliseconds;
                int read = _downloader.ReadRange(_manifest.ImageUrl, position + _partialLength, _chunk, _partialLength, length - _partialLength, timeout);
                if (read < 0 || read > length - _partialLength)
                {
                    LastDetail = read < 0 ? _downloader.LastError : "the downloader returned more bytes than asked";
                    return FetchFailed;
                }

                if (read == 0)
                {
                    return FetchTruncated;
                }

                _partialLength += read;
                BytesDownloaded += read;
            }

            return FetchDone;
        }

        /// <summary>Reads the staged image back from flash and compares its SHA-256 with the manifest's.</summary>
        private bool ImageVerifies()
        {
            int slot = _slots.StagingSlot;
            int size = _manifest.ImageSize;
            for (int position = 0; position < size; position += _chunk.Length)
            {
                int count = size - position < _chunk.Length ? size - position : _chunk.Length;
                _slots.ReadImage(slot, position, _chunk, 0, count);
                _sha.Update(_chunk, 0, count);
            }

            _sha.Final(_digest, 0);
            return Same(_digest, _manifest.ImageSha256);
        }

        /// <summary>Counts a hash failure; returns true when the image is fetched again, false when it is refused.</summary>
        private bool HashFailed()
        {
            if (!Same(_state.HashFailureDigest, _manifestDigest))
            {
                System.Array.Copy(_manifestDigest, _state.HashFailureDigest, SlotDescriptor.DigestSize);
                _state.HashFailures = 0;
            }

            _state.HashFailures++;
            if (_state.HashFailures >= _settings.MaxHashFailures)
            {
                RefuseImage(OtaReason.ImageHashMismatch, "the SHA-256 of the image read back from flash differs from the manifest's, " + _state.HashFailures.ToString() + " downloads in a row");
                return false;
            }

            SaveState();
            _log.Write(LogLevel.Warning, "ota", "the image read back from flash does not match the manifest's SHA-256; fetching it again");
            _slots.AbandonStaging();
            OpenStaging();
            return true;
        }

        private void RefuseImage(string reason, string detail)
        {
            _slots.AbandonStaging();
            _phase = PhaseIdle;
            ChunkCount = 0;
            ChunksWritten = 0;
            System.Array.Copy(_manifestDigest, _digest, SlotDescriptor.DigestSize);
            Reject(reason, detail, _manifest);
        }

        private int ApplyKeyUpdate(Manifest m)
        {
            _draft.CopyFrom(_state);
            string refused = _keys.Apply(_draft, m, _keys.FoundRoot);
            if (refused != null)
            {
                return Reject(refused, "key sequence " + m.KeySequence.ToString(), m);
            }

            _draft.HasSettled = true;
            _draft.SettledReported = true;
            _draft.SettledReason = string.Empty;
            System.Array.Copy(_digest, _draft.SettledDigest, SlotDescriptor.DigestSize);
            _state.CopyFrom(_draft);
            SaveState();
            OtaEvent e = new OtaEvent(OtaOutcome.KeysUpdated);
            e.KeySequence = m.KeySequence;
            Enqueue(e);
            _log.Write(LogLevel.Info, "ota", "key update " + m.KeySequence.ToString() + " applied; " + _keys.TrustedCount(_state).ToString() + " keys trusted");
            DropDownloadOfUntrustedKey();
            return OtaDecision.KeysUpdated;
        }

        /// <summary>
        /// Stops the download in progress when a key update just revoked the key that signed its manifest, as a
        /// boot that resumed it would (<see cref="ResumeInterrupted"/>): nothing a revoked key signed becomes pending.
        /// The key update stays the remembered announce; the manifest itself is refused by its key if announced again.
        /// </summary>
        private void DropDownloadOfUntrustedKey()
        {
            if (_phase < PhaseErasing || _phase > PhaseVerifying)
            {
                return;
            }

            string untrusted = _keys.Find(_state, _manifest.KeyId, 0, _publicKey);
            if (untrusted == null)
            {
                return;
            }

            _slots.AbandonStaging();
            _phase = PhaseIdle;
            ChunkCount = 0;
            ChunksWritten = 0;
            LastReason = untrusted;
            LastDetail = "key " + Hex(_manifest.KeyId, 0, ManifestFormat.KeyIdSize) + " of the image being downloaded";
            _log.Write(LogLevel.Warning, "ota", "download of " + _manifest.VersionText + " stopped: " + untrusted + " (" + LastDetail + ")");
            OtaEvent e = new OtaEvent(OtaOutcome.Rejected);
            e.Reason = untrusted;
            e.Detail = LastDetail;
            e.Version = _manifest.VersionText;
            Enqueue(e);
        }

        /// <summary>Refuses the announce whose digest is in <see cref="_digest"/> for good: remembered and reported once.</summary>
        private int Reject(string reason, string detail, Manifest m)
        {
            LastReason = reason;
            LastDetail = detail;
            _log.Write(LogLevel.Warning, "ota", "announce refused: " + reason + " (" + detail + ")");
            _state.HasSettled = true;
            _state.SettledReported = false;
            _state.SettledReason = reason;
            System.Array.Copy(_digest, _state.SettledDigest, SlotDescriptor.DigestSize);
            SaveState();
            OtaEvent e = new OtaEvent(OtaOutcome.Rejected);
            e.Reason = reason;
            e.Detail = detail;
            e.Version = m != null && m.Kind == ManifestFormat.KindFirmware ? m.VersionText : null;
            e.ReportsStoredRejection = true;
            Enqueue(e);
            return OtaDecision.Rejected;
        }

        /// <summary>Puts an announce off for now: nothing is remembered, and each reason is reported once per boot.</summary>
        private int Defer(string reason, string detail, Manifest m)
        {
            LastReason = reason;
            LastDetail = detail;
            if (_lastDeferred != reason)
            {
                _lastDeferred = reason;
                _log.Write(LogLevel.Info, "ota", "announce of " + m.VersionText + " put off: " + detail);
                OtaEvent e = new OtaEvent(OtaOutcome.Deferred);
                e.Reason = reason;
                e.Detail = detail;
                e.Version = m.VersionText;
                Enqueue(e);
            }

            return OtaDecision.Deferred;
        }

        private void Enqueue(OtaEvent e)
        {
            if (_events.Count >= _settings.MaxQueuedEvents)
            {
                _events.RemoveAt(0);
                DroppedEvents++;
            }

            _events.Add(e);
        }

        private bool Queued(long outcomeId)
        {
            for (int i = 0; i < _events.Count; i++)
            {
                if (((OtaEvent)_events[i]).OutcomeId == outcomeId)
                {
                    return true;
                }
            }

            return false;
        }

        private bool QueuedStoredRejection()
        {
            for (int i = 0; i < _events.Count; i++)
            {
                if (((OtaEvent)_events[i]).ReportsStoredRejection)
                {
                    return true;
                }
            }

            return false;
        }

        private void SaveState()
        {
            int length = _state.Encode(_stateBuffer, 0);
            _slots.WriteUpdaterState(_stateBuffer, 0, length);
        }

        private Ed25519Verifier Verifier()
        {
            if (_verifier == null)
            {
                // Strict: a small-order public key verifies one signature for every message.
                _verifier = new Ed25519Verifier();
                _verifier.RejectSmallOrderPublicKeys = true;
            }

            return _verifier;
        }

        private bool RuntimeOlderThan(int[] required)
        {
            int[] running = _slots.RuntimeVersion;
            for (int i = 0; i < 4; i++)
            {
                if (running[i] != required[i])
                {
                    return running[i] < required[i];
                }
            }

            return false;
        }

        private static string Version4(int[] v)
        {
            return v[0].ToString() + "." + v[1].ToString() + "." + v[2].ToString() + "." + v[3].ToString();
        }

        private static bool Same(byte[] a, byte[] b)
        {
            return ByteRuns.Equal(a, 0, b, 0, a.Length);
        }

        private static string Hex(byte[] data, int offset, int count)
        {
            const string digits = "0123456789abcdef";
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                chars[2 * i] = digits[data[offset + i] >> 4];
                chars[(2 * i) + 1] = digits[data[offset + i] & 0xF];
            }

            return new string(chars);
        }
    }
}
