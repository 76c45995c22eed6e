using Firmware.Boot;
using Firmware.Crypto;
using Firmware.Ports;
using Firmware.Text;

namespace Firmware.Ota
{
    /// <summary>
    /// The updater, as the device loop drives it. One instance per boot, created after the loader chose the slot.
    /// <list type="number">
    /// <item><see cref="HandleAnnounce"/> checks an announced manifest before anything is written
    /// (<see cref="AnnounceCheck"/>), applies a key update (<see cref="KeyRing"/>), and starts or resumes the
    /// download, or refuses with a reason. An announce refused before is ignored (and said so), unless it was announced
    /// again: then it is tried again, at most <see cref="OtaSettings.MaxAnnounceRetries"/> times.</item>
    /// <item><see cref="Step"/> does bounded work within a time budget (<see cref="ImageDownload"/>): erase the staging
    /// slot, fetch chunks with range reads and write them (each recorded in flash, so a cut costs at most the chunk in
    /// flight), read the slot back and check its SHA-256, then mark it pending and ask for a reboot. A server that ignores
    /// Range requests is streamed from its start every session (said once: <see cref="OtaReason.RangeIgnored"/>); when
    /// a whole session cannot stream past the chunks written, no later one could, and the image is refused.</item>
    /// <item>On the trial boot that follows, <see cref="ReportRadioSession"/> confirms the image after the health
    /// check (broker reached, a publish acknowledged), or counts a failed attempt when the network was up.</item>
    /// <item>Outcomes (updated, rolled back, refused and why) wait in <see cref="PendingEventCount"/> for the events
    /// topic (<see cref="OtaEventQueue"/>); those about boot control and refusals are kept in flash
    /// (<see cref="UpdaterRecord"/>, <see cref="OutcomeReport"/>) until <see cref="EventsPublished"/>.</item>
    /// </list>
    /// Bad input never throws: it is refused with an <see cref="OtaReason"/>. A failing flash throws
    /// <see cref="System.IO.IOException"/>, which the caller logs; the next boot resumes from flash.
    /// </summary>
    public sealed class OtaAgent
    {
        private readonly IUpdateSlots _slots;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly OtaSettings _settings;
        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private readonly UpdaterRecord _record;
        private readonly UpdaterState _draft = new UpdaterState();
        private readonly KeyRing _keys;
        private readonly AnnounceCheck _check;
        private readonly ImageDownload _download;
        private readonly OtaEventQueue _events;
        private readonly AnnounceReport _report;
        private readonly TrialVerdict _verdict;
        private readonly SlotDescriptor _running = new SlotDescriptor();
        private readonly bool _hasRunning;
        private readonly byte[] _answered = new byte[Sha256.HashSize];
        private bool _hasAnswered;
        private string _hindered;

        /// <summary>
        /// Reads the updater's record and boot control: queues the outcome of the last update if it was not
        /// reported yet, and resumes a download that a cut interrupted.
        /// </summary>
        public OtaAgent(IUpdateSlots slots, IDownloader downloader, IClock clock, ILog log, OtaSettings settings)
        {
            _slots = slots;
            _clock = clock;
            _log = log;
            _settings = settings ?? new OtaSettings();
            _record = new UpdaterRecord(slots);
            _keys = new KeyRing(slots);
            _check = new AnnounceCheck(slots, _keys, _settings);
            _download = new ImageDownload(slots, downloader, clock, log, _settings, _sha);
            _events = new OtaEventQueue(_settings);
            _report = new AnnounceReport(_record, _events, log);
            if (!_record.Load())
            {
                _log.Write(LogLevel.Error, "ota", "the updater's record is unreadable; starting from the loader's keys");
            }

            int runningSlot = _slots.State.RunningSlot;
            _hasRunning = runningSlot != BootControlRecord.NoSlot && _slots.ReadDescriptor(runningSlot, _running);
            _verdict = new TrialVerdict(slots, _record, _events, log, RunningVersion);
            OutcomeReport.Queue(_slots, _record, _events);
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
        public long BytesDownloaded
        {
            get { return _download.BytesDownloaded; }
        }

        /// <summary>Events dropped because more than <see cref="OtaSettings.MaxQueuedEvents"/> waited.</summary>
        public int DroppedEvents
        {
            get { return _events.Dropped; }
        }

        /// <summary>The version being downloaded, verified or pending, or null when no update is in progress.</summary>
        public string TargetVersion
        {
            get { return _download.Phase == ImageDownload.Idle ? null : _download.Manifest.VersionText; }
        }

        /// <summary>Chunks of the current download, and how many are written (0 and 0 when none runs).</summary>
        public int ChunkCount
        {
            get { return _download.ChunkCount; }
        }

        public int ChunksWritten
        {
            get { return _download.ChunksWritten; }
        }

        /// <summary>One word: idle, erasing, downloading, verifying, pending-reboot, or trial.</summary>
        public string StateText
        {
            get { return OtaStatus.StateText(_download.Phase, _slots.State.Trial); }
        }

        public int PendingEventCount
        {
            get { return _events.Count; }
        }

        /// <summary>
        /// Considers an announce (the manifest's bytes) as a subscription's retained copy (see the overload). Returns an
        /// <see cref="OtaDecision"/>; on a refusal or a deferral <see cref="LastReason"/> says why and an event is queued.
        /// </summary>
        /// <param name="batteryPercent">State of charge, or -1 for a device without a battery.</param>
        public int HandleAnnounce(byte[] payload, int offset, int count, int batteryPercent)
        {
            return HandleAnnounce(payload, offset, count, batteryPercent, true);
        }

        /// <summary>
        /// Considers an announce (the manifest's bytes). Returns an <see cref="OtaDecision"/>; on a refusal or a deferral
        /// <see cref="LastReason"/> says why and an event is queued; an ignored announce is logged and reported (its
        /// retained copy once across wakes). Writes flash only for an accepted announce (the staging) or to remember a
        /// refusal or a retry.
        /// </summary>
        /// <param name="batteryPercent">State of charge, or -1 for a device without a battery.</param>
        /// <param name="retained">
        /// True for the retained copy a subscription delivers (the standing announce, at every session); false for one
        /// published since the device last listened (the operator announced it again) or a command: an announce refused
        /// before is then tried again, at most <see cref="OtaSettings.MaxAnnounceRetries"/> times.
        /// </param>
        public int HandleAnnounce(byte[] payload, int offset, int count, int batteryPercent, bool retained)
        {
            LastReason = null;
            LastDetail = null;
            int hashed = count < 0 ? 0 : count;
            _sha.Update(payload, offset, hashed > ManifestFormat.MaxSize + 1 ? ManifestFormat.MaxSize + 1 : hashed);
            _sha.Final(_digest, 0);
            if (_download.InProgress && _download.IsOf(_digest))
            {
                return OtaDecision.Resumed;
            }

            if (_download.Phase == ImageDownload.Pending)
            {
                return Ignore(OtaReason.UpdatePending, "an image is verified and the device restarts to boot it", payload, offset, count, retained);
            }

            if (_hasRunning && !_running.Factory && ByteRuns.Equal(_digest, 0, _running.ManifestDigest, 0, Sha256.HashSize))
            {
                return Ignore(OtaReason.AlreadyRunning, "it is the running image", payload, offset, count, retained);
            }

            if (_record.IsSettled(_digest) && !Retried(payload, offset, count, retained))
            {
                return OtaDecision.Ignored;
            }

            int verdict = _check.Check(payload, offset, count, _record.State, _hasRunning ? _running : null, batteryPercent);
            if (verdict == OtaDecision.Rejected)
            {
                return Reject(_check.Reason, _check.Detail, _check.Manifest);
            }

            if (verdict == OtaDecision.Deferred)
            {
                return Defer(_check.Reason, _check.Detail, _check.Manifest);
            }

            if (verdict == OtaDecision.KeysUpdated)
            {
                return ApplyKeyUpdate(_check.Manifest);
            }

            _download.Take(payload, offset, count, _digest);
            bool resumed = _download.Open();
            Answered();
            Manifest m = _download.Manifest;
            _log.Write(LogLevel.Info, "ota", (resumed ? "resuming " : "downloading ") + m.VersionText + " (" + m.ImageSize.ToString() + " bytes) from " + m.ImageUrl);
            return resumed ? OtaDecision.Resumed : OtaDecision.Accepted;
        }

        /// <summary>
        /// Works on the update in progress for at most about <paramref name="budgetMilliseconds"/> (one range read
        /// may end up to its timeout later; the read-back check runs to its end). Returns an <see cref="OtaStep"/>.
        /// </summary>
        public int Step(int budgetMilliseconds)
        {
            if (_download.Phase == ImageDownload.Pending)
            {
                return OtaStep.RebootRequired;
            }

            long deadline = _clock.UptimeMilliseconds + budgetMilliseconds;
            int failures = 0;
            int written = _download.ChunksWritten;
            _download.StartTiming();
            while (true)
            {
                int result = _download.Run(deadline, ref failures);
                if (_download.FetchError != null)
                {
                    LastDetail = _download.FetchError;
                }

                if (_download.RangeIgnored)
                {
                    Hindered(OtaReason.RangeIgnored, "the image server ignores Range requests (it answers with the whole image): each session streams it from its start, past the chunks written");
                }

                if ((result == ImageDownload.OutOfTime || result == ImageDownload.ServerUnreachable) && CannotProgress(written))
                {
                    int chunk = _download.FirstMissingChunk;
                    RefuseImage(OtaReason.RangeIgnored, "the image server ignores Range requests and a whole session did not stream the image past the "
                        + ((long)chunk * _download.Manifest.ChunkSize).ToString() + " bytes written (chunk " + chunk.ToString() + " of " + _download.ChunkCount.ToString()
                        + "): no session gets further; serve the image with Range support and announce it again");
                    return OtaStep.Idle;
                }

                if (result == ImageDownload.OutOfTime)
                {
                    return OtaStep.InProgress;
                }

                if (result == ImageDownload.ServerUnreachable)
                {
                    if (_download.RangeIgnored)
                    {
                        _log.Write(LogLevel.Warning, "ota", "the image server ignores Range requests and its answers broke off before chunk " + _download.FirstMissingChunk.ToString() + ", trying again next session: " + LastDetail);
                    }
                    else
                    {
                        _log.Write(LogLevel.Warning, "ota", "image server unreachable, trying again next session: " + LastDetail);
                        Hindered(OtaReason.ServerUnreachable, LastDetail + "; " + _download.ChunksWritten.ToString() + " of " + _download.ChunkCount.ToString() + " chunks written, trying again next session");
                    }

                    return OtaStep.NetworkError;
                }

                if (result == ImageDownload.Truncated)
                {
                    RefuseImage(OtaReason.ImageTruncated, "the server's image ends at byte " + _download.TruncatedAt.ToString() + "; the manifest says " + _download.Manifest.ImageSize.ToString());
                    return OtaStep.Idle;
                }

                if (result == ImageDownload.Verified)
                {
                    RebootRequested = true;
                    _log.Write(LogLevel.Info, "ota", _download.Manifest.VersionText + " verified from flash and pending; restarting to boot it on trial");
                    return OtaStep.RebootRequired;
                }

                if (result != ImageDownload.HashMismatch || !HashFailed())
                {
                    return OtaStep.Idle;
                }

                // The image is fetched again.
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
            if (_verdict.Report(networkUp, brokerAcknowledged))
            {
                RebootRequested = true;
            }
        }

        /// <summary>Writes event <paramref name="index"/> (0 is the oldest) as a JSON object.</summary>
        public void WriteEvent(int index, JsonWriter writer)
        {
            _events.Get(index).Write(writer);
        }

        /// <summary>Event <paramref name="index"/> (0 is the oldest), to read or write into an event of the caller's.</summary>
        public OtaEvent PeekEvent(int index)
        {
            return _events.Get(index);
        }

        /// <summary>The oldest <paramref name="count"/> events were published (acknowledged): forgets them for good.</summary>
        public void EventsPublished(int count)
        {
            bool changed = false;
            for (int i = 0; i < count && _events.Count > 0; i++)
            {
                changed = _record.Published(_events.RemoveOldest()) || changed;
            }

            if (changed)
            {
                _record.Save();
            }
        }

        /// <summary>Writes the updater's status as the properties of an "ota" object, for the retained status record.</summary>
        public void WriteStatus(JsonWriter writer)
        {
            OtaStatus.Write(writer, _slots.State, RunningVersion, StateText, TargetVersion, ChunksWritten, ChunkCount);
        }

        /// <summary>Continues a download a cut interrupted, from the manifest stored in the staging slot, if it is still trusted.</summary>
        private void ResumeInterrupted()
        {
            if (!_download.TakeStaged())
            {
                return;
            }

            Manifest m = _download.Manifest;
            if (_record.IsSettled(_download.ManifestDigest) || _keys.WhyUntrusted(_record.State, m.KeyId, 0) != null
                || m.SecurityCounter < _slots.State.Record.MinimumSecurityCounter
                || (_hasRunning && _running.SameVersion(m.VersionMajor, m.VersionMinor, m.VersionPatch)))
            {
                return;
            }

            _download.Open();
            if (_download.ChunksWritten == _download.ChunkCount)
            {
                // A complete image may be an old one; it is verified and installed only when announced again.
                _download.Forget();
                return;
            }

            _log.Write(LogLevel.Info, "ota", "resuming the download of " + m.VersionText + " at chunk " + _download.ChunksWritten.ToString() + " of " + _download.ChunkCount.ToString());
        }

        /// <summary>Counts a hash failure; returns true when the image is fetched again, false when it is refused.</summary>
        private bool HashFailed()
        {
            int failures = _record.CountHashFailure(_download.ManifestDigest);
            if (failures >= _settings.MaxHashFailures)
            {
                RefuseImage(OtaReason.ImageHashMismatch, "the SHA-256 of the image read back from flash differs from the manifest's, " + failures.ToString() + " downloads in a row");
                return false;
            }

            _record.Save();
            _log.Write(LogLevel.Warning, "ota", "the image read back from flash does not match the manifest's SHA-256; fetching it again");
            _download.Restart();
            return true;
        }

        /// <summary>Refuses the image being downloaded for good: the staging is dropped and its announce remembered.</summary>
        private void RefuseImage(string reason, string detail)
        {
            _download.Abandon();
            System.Array.Copy(_download.ManifestDigest, _digest, Sha256.HashSize);
            Reject(reason, detail, _download.Manifest);
        }

        private int ApplyKeyUpdate(Manifest m)
        {
            _draft.CopyFrom(_record.State);
            string refused = _keys.Apply(_draft, m, _keys.FoundRoot);
            if (refused != null)
            {
                return Reject(refused, "key sequence " + m.KeySequence.ToString(), m);
            }

            _record.State.CopyFrom(_draft);
            _record.Settle(_digest, string.Empty, true);
            Answered();
            _record.Save();
            OtaEvent e = new OtaEvent(OtaOutcome.KeysUpdated);
            e.KeySequence = m.KeySequence;
            _events.Add(e);
            _log.Write(LogLevel.Info, "ota", "key update " + m.KeySequence.ToString() + " applied; " + _keys.TrustedCount(_record.State).ToString() + " keys trusted");
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
            Manifest m = _download.Manifest;
            string untrusted = _download.InProgress ? _keys.WhyUntrusted(_record.State, m.KeyId, 0) : null;
            if (untrusted == null)
            {
                return;
            }

            _download.Abandon();
            LastReason = untrusted;
            LastDetail = "key " + KeyRing.IdText(m.KeyId, 0) + " of the image being downloaded";
            _report.DownloadStopped(untrusted, LastDetail, m);
        }

        /// <summary>Refuses the announce whose digest is in <see cref="_digest"/> for good: remembered and reported once.</summary>
        private int Reject(string reason, string detail, Manifest m)
        {
            LastReason = reason;
            LastDetail = detail;
            Answered();
            _report.Refused(_digest, reason, detail, m);
            return OtaDecision.Rejected;
        }

        /// <summary>
        /// The settled announce in <see cref="_digest"/> arrived again: true when it is to be tried again (announced again,
        /// retries left; counted in flash), false when it is ignored (its retained copy, or no retries left; said so).
        /// </summary>
        private bool Retried(byte[] payload, int offset, int count, bool retained)
        {
            UpdaterState state = _record.State;
            string refused = state.SettledReason;
            if (refused.Length == 0)
            {
                Ignore(OtaReason.AppliedBefore, "this key update was applied before", payload, offset, count, retained);
                return false;
            }

            int left = _settings.MaxAnnounceRetries - state.SettledRetries;
            if (retained)
            {
                Ignore(OtaReason.RefusedBefore, "refused before (" + refused + "); announce it again to try it again (" + (left > 0 ? left : 0).ToString() + " retries left)", payload, offset, count, true);
                return false;
            }

            if (left <= 0)
            {
                Ignore(OtaReason.RetriesUsedUp, "refused before (" + refused + ") and tried again " + state.SettledRetries.ToString() + " times; announce a new release", payload, offset, count, false);
                return false;
            }

            int retry = _record.Retry(_digest);
            _record.Save();
            _log.Write(LogLevel.Info, "ota", "an announce refused before (" + refused + ") was announced again: retrying (" + retry.ToString() + " of " + _settings.MaxAnnounceRetries.ToString() + ")");
            return true;
        }

        /// <summary>An announce that is not considered: logged every time, reported unless this boot answered it already.</summary>
        private int Ignore(string reason, string detail, byte[] payload, int offset, int count, bool retained)
        {
            string version = null;
            if (_check.Read(payload, offset, count) && _check.Manifest.Kind == ManifestFormat.KindFirmware)
            {
                version = _check.Manifest.VersionText;
            }

            bool answered = _hasAnswered && ByteRuns.Equal(_digest, 0, _answered, 0, Sha256.HashSize);
            _report.Ignored(reason, detail, version, retained, answered);
            return OtaDecision.Ignored;
        }

        /// <summary>This boot answered the announce in <see cref="_digest"/> (accepted, refused, applied): a second copy of it is not reported again.</summary>
        private void Answered()
        {
            System.Array.Copy(_digest, _answered, Sha256.HashSize);
            _hasAnswered = true;
        }

        /// <summary>A download hindered (the server ignores Range requests, or does not answer): reported once per boot for each reason.</summary>
        private void Hindered(string reason, string detail)
        {
            if (_hindered == reason)
            {
                return;
            }

            _hindered = reason;
            if (reason == OtaReason.RangeIgnored)
            {
                _log.Write(LogLevel.Warning, "ota", "download of " + _download.Manifest.VersionText + ": " + detail);
            }

            OtaEvent e = new OtaEvent(OtaOutcome.Downloading);
            e.Reason = reason;
            e.Detail = detail;
            e.Version = _download.Manifest.VersionText;
            e.OncePerVersion = true;
            _events.Add(e);
        }

        /// <summary>
        /// True when the server ignores Range requests and this step, with (nearly) a whole session's budget for its
        /// download, wrote no chunk past the <paramref name="written"/> it began with: every later session would stream
        /// the same bytes and stop at the same place.
        /// </summary>
        private bool CannotProgress(int written)
        {
            int whole = _settings.SessionBudgetMilliseconds;
            return _download.RangeIgnored && _download.ChunksWritten == written && _download.DownloadingMilliseconds >= whole - (whole / 10);
        }

        /// <summary>Puts an announce off for now: nothing is remembered, and each reason is reported once per boot.</summary>
        private int Defer(string reason, string detail, Manifest m)
        {
            LastReason = reason;
            LastDetail = detail;
            _report.Deferred(reason, detail, m);
            return OtaDecision.Deferred;
        }
    }
}
