using Firmware.Ports;

namespace Firmware.Ota
{
    /// <summary>
    /// What the updater says, on the events topic and in its log, about an announce it does not take. A refusal is
    /// remembered in the updater's record (the announce's SHA-256), so a retained announce is refused and reported
    /// once, and has a refusal id there (<see cref="UpdaterState.RefusalId"/>), so a receiver counts it once. A deferral
    /// is remembered nowhere and reported once per boot for each reason (and once across wakes by the participant,
    /// <see cref="OtaEvent.OncePerVersion"/>). An ignored announce is logged every time, and reported
    /// unless it is a second copy of an announce this boot answered already. A download stopped because a key update
    /// revoked its key is reported as refused, with a refusal id, its announce not remembered (its key refuses it again).
    /// </summary>
    public sealed class AnnounceReport
    {
        private readonly UpdaterRecord _record;
        private readonly OtaEventQueue _events;
        private readonly ILog _log;
        private string _lastDeferred;

        public AnnounceReport(UpdaterRecord record, OtaEventQueue events, ILog log)
        {
            _record = record;
            _events = events;
            _log = log;
        }

        /// <summary>Refuses the announce with this SHA-256 for good (<paramref name="manifest"/> as read, cleared when unreadable).</summary>
        public void Refused(byte[] digest, string reason, string detail, Manifest manifest)
        {
            _log.Write(LogLevel.Warning, "ota", "announce refused: " + reason + " (" + detail + ")");
            OtaEvent e = Rejected(reason, detail, manifest.Kind == ManifestFormat.KindFirmware ? manifest.VersionText : null);
            e.RefusalId = _record.Refuse(digest, reason);
            _record.Save();
            _events.Add(e);
        }

        /// <summary>Puts an announce off for now: reported unless this reason was reported in this boot already.</summary>
        public void Deferred(string reason, string detail, Manifest manifest)
        {
            if (_lastDeferred != reason)
            {
                _lastDeferred = reason;
                _log.Write(LogLevel.Info, "ota", "announce of " + manifest.VersionText + " put off: " + detail);
                OtaEvent e = new OtaEvent(OtaOutcome.Deferred);
                e.Reason = reason;
                e.Detail = detail;
                e.Version = manifest.VersionText;
                e.OncePerVersion = true;
                _events.Add(e);
            }
        }

        /// <summary>
        /// An announce that is not considered: said in the log every time, and on the events topic unless
        /// <paramref name="answered"/> (a second copy of an announce this boot answered already: the retained one after
        /// the one published since). <paramref name="retained"/>: the standing retained copy, reported once across wakes.
        /// </summary>
        /// <param name="version">The announce's version, or null for a key update or unreadable bytes.</param>
        public void Ignored(string reason, string detail, string version, bool retained, bool answered)
        {
            if (_log.IsEnabled(LogLevel.Info))
            {
                _log.Write(LogLevel.Info, "ota", "announce" + (version != null ? " of " + version : string.Empty) + " ignored (" + reason + "): " + detail);
            }

            if (answered)
            {
                return;
            }

            OtaEvent e = new OtaEvent(OtaOutcome.Ignored);
            e.Reason = reason;
            e.Detail = detail;
            e.Version = version;
            e.OncePerVersion = retained;
            _events.Add(e);
        }

        /// <summary>The download of <paramref name="manifest"/>'s image was stopped because its key is no longer trusted.</summary>
        public void DownloadStopped(string reason, string detail, Manifest manifest)
        {
            _log.Write(LogLevel.Warning, "ota", "download of " + manifest.VersionText + " stopped: " + reason + " (" + detail + ")");
            OtaEvent e = Rejected(reason, detail, manifest.VersionText);
            e.RefusalId = _record.NewRefusalId();
            _record.Save();
            _events.Add(e);
        }

        private static OtaEvent Rejected(string reason, string detail, string version)
        {
            OtaEvent e = new OtaEvent(OtaOutcome.Rejected);
            e.Reason = reason;
            e.Detail = detail;
            e.Version = version;
            return e;
        }
    }
}
