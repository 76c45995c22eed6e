using Firmware.Boot;
using Firmware.Ports;

namespace Firmware.Ota
{
    /// <summary>
    /// The verdict on an image on trial from its health check, the wake's radio session: confirmed once the broker
    /// acknowledged a publish; a failed attempt (counted once per boot, then a reboot) when the network was up but the
    /// broker was not reached or did not acknowledge; the trial kept alive when the network itself was down, so an
    /// outage never uses attempts up.
    /// </summary>
    public sealed class TrialVerdict
    {
        private readonly IUpdateSlots _slots;
        private readonly UpdaterRecord _record;
        private readonly OtaEventQueue _events;
        private readonly ILog _log;
        private readonly string _version;
        private bool _failureCounted;

        /// <param name="version">The running image's version, for the log.</param>
        public TrialVerdict(IUpdateSlots slots, UpdaterRecord record, OtaEventQueue events, ILog log, string version)
        {
            _slots = slots;
            _record = record;
            _events = events;
            _log = log;
            _version = version;
        }

        /// <summary>Applies the session's outcome to an image on trial (nothing outside a trial); true when the device must restart.</summary>
        public bool Report(bool networkUp, bool brokerAcknowledged)
        {
            if (!_slots.State.Trial)
            {
                return false;
            }

            if (brokerAcknowledged)
            {
                _slots.Confirm();
                _log.Write(LogLevel.Info, "ota", _version + " passed its health check and is confirmed");
                OutcomeReport.Queue(_slots, _record, _events);
                _record.State.HasSettled = false;
                _record.Save();
                return false;
            }

            if (networkUp)
            {
                if (!_failureCounted)
                {
                    _slots.RecordTrialFailure(TrialFailure.HealthCheck);
                    _failureCounted = true;
                    _log.Write(LogLevel.Warning, "ota", _version + " failed its health check with the network up; attempts left: " + _slots.State.Record.TrialAttemptsLeft.ToString());
                }

                return true;
            }

            _slots.KeepTrialAlive();
            return false;
        }
    }
}
