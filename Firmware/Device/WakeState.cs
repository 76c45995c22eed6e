using Firmware.Power;
using Firmware.Storage;

namespace Firmware.Device
{
    /// <summary>
    /// What one wake leaves the next (a battery wake is a fresh boot): the energy ledger, the backoff's failure
    /// count, how many sample wakes remain until the radio is due, the sleep it asked for (accounted as deep
    /// sleep by the next boot), the alarm's state and a few flags. Written once at the end of every wake as a
    /// <see cref="BankedRecord"/> under <see cref="StateKeys.WakeState"/>; a cut loses at most that wake's update.
    /// Encoding and decoding allocate nothing after construction.
    /// </summary>
    public sealed class WakeState
    {
        public const int FormatVersion = 1;

        private const int FlagAlarm = 1;
        private const int FlagReboot = 2;
        private const int FlagRadioNext = 4;
        private const int FlagSkipGas = 8;

        private readonly BankedRecord _record = new BankedRecord(StateKeys.WakeState, StateKeys.WakeStateKeys / 2, FormatVersion);
        private readonly byte[] _buffer = new byte[BufferBytes];

        private const int BufferBytes = 16 + (6 * CompactInteger.MaxLength) + EnergyLedger.MaxEncodedLength + Backoff.MaxEncodedLength;

        public WakeState(EnergyLedger ledger, Backoff backoff)
        {
            Ledger = ledger;
            Backoff = backoff;
        }

        public EnergyLedger Ledger { get; private set; }

        public Backoff Backoff { get; private set; }

        /// <summary>Sample wakes until the radio is due: 0 or 1 means this wake.</summary>
        public int WakesUntilRadio { get; set; }

        /// <summary>The deep sleep the last wake asked for, ms (-1 when it asked for none).</summary>
        public long LastSleepMilliseconds { get; set; }

        /// <summary>The boot number of the wake that wrote this state; a gap says a wake did not finish.</summary>
        public long WrittenAtBoot { get; set; }

        /// <summary>Unix time in seconds of the last clock set from network time, 0 for never.</summary>
        public long LastTimeSyncSeconds { get; set; }

        /// <summary>The alarm rule's last verdict, so only its onset forces a radio session.</summary>
        public bool AlarmActive { get; set; }

        /// <summary>The device rebooted on purpose (a command): the next boot's reason is a reboot, not a fault.</summary>
        public bool RebootRequested { get; set; }

        /// <summary>Run the radio at the next wake whatever the schedule (a configuration on trial waits for it).</summary>
        public bool RadioAtNextWake { get; set; }

        /// <summary>The last plan found the battery low: the next wakes take no gas readings (their heater) until a plan allows them.</summary>
        public bool GasReadingsSkipped { get; set; }

        /// <summary>Why the last <see cref="Load"/> found nothing usable, or null.</summary>
        public string Error { get; private set; }

        /// <summary>Loads the newest complete state; false (nothing changed) when there is none or it is malformed.</summary>
        public bool Load(StateStore state)
        {
            int length = _record.Load(state, _buffer, 0);
            if (length < 0)
            {
                Error = "no wake state stored";
                return false;
            }

            int at = 1;
            if (length < 2 || _buffer[0] != FormatVersion)
            {
                Error = "wake state has another format";
                return false;
            }

            int flags = _buffer[at++];
            long wakes = CompactInteger.Read(_buffer, ref at, length);
            long sleep = CompactInteger.Read(_buffer, ref at, length);
            long boot = CompactInteger.Read(_buffer, ref at, length);
            long sync = CompactInteger.Read(_buffer, ref at, length);
            long ledgerLength = CompactInteger.Read(_buffer, ref at, length);
            if (wakes < 0 || wakes > int.MaxValue || sleep < 0 || boot < 0 || sync < 0 || ledgerLength < 0 || at + ledgerLength > length)
            {
                Error = "wake state is truncated";
                return false;
            }

            if (!Ledger.Decode(_buffer, at, (int)ledgerLength))
            {
                Error = Ledger.Error;
                return false;
            }

            at += (int)ledgerLength;
            long backoffLength = CompactInteger.Read(_buffer, ref at, length);
            if (backoffLength < 0 || at + backoffLength != length || !Backoff.Decode(_buffer, at, (int)backoffLength))
            {
                Error = backoffLength < 0 || at + backoffLength != length ? "wake state is truncated" : Backoff.Error;
                return false;
            }

            WakesUntilRadio = (int)wakes;
            LastSleepMilliseconds = sleep - 1;
            WrittenAtBoot = boot;
            LastTimeSyncSeconds = sync;
            AlarmActive = (flags & FlagAlarm) != 0;
            RebootRequested = (flags & FlagReboot) != 0;
            RadioAtNextWake = (flags & FlagRadioNext) != 0;
            GasReadingsSkipped = (flags & FlagSkipGas) != 0;
            Error = null;
            return true;
        }

        /// <summary>Writes the state as the next generation (committed at the next sync).</summary>
        public void Save(StateStore state)
        {
            int at = 0;
            _buffer[at++] = FormatVersion;
            _buffer[at++] = (byte)((AlarmActive ? FlagAlarm : 0) | (RebootRequested ? FlagReboot : 0) | (RadioAtNextWake ? FlagRadioNext : 0)
                | (GasReadingsSkipped ? FlagSkipGas : 0));
            CompactInteger.Write(_buffer, ref at, WakesUntilRadio < 0 ? 0 : WakesUntilRadio);
            CompactInteger.Write(_buffer, ref at, LastSleepMilliseconds + 1);
            CompactInteger.Write(_buffer, ref at, WrittenAtBoot);
            CompactInteger.Write(_buffer, ref at, LastTimeSyncSeconds);

            // The ledger's length is written after it, in front of a copy: its encoding length is known only then.
            int ledgerAt = at + 2;
            int ledgerLength = Ledger.Encode(_buffer, ledgerAt);
            int prefix = at;
            CompactInteger.Write(_buffer, ref prefix, ledgerLength);
            for (int i = 0; prefix != ledgerAt && i < ledgerLength; i++)
            {
                _buffer[prefix + i] = _buffer[ledgerAt + i];
            }

            at = prefix + ledgerLength;
            int backoffAt = at + 1;
            int backoffLength = Backoff.Encode(_buffer, backoffAt);
            _buffer[at] = (byte)backoffLength;
            at = backoffAt + backoffLength;
            _record.Save(state, _buffer, 0, at);
        }
    }
}
