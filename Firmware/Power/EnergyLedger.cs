namespace Firmware.Power
{
    /// <summary>
    /// Accounts the charge drawn from the battery, per <see cref="PowerPhase"/> and in total: each phase's
    /// duration times that phase's battery current (the board's load current through its regulator model,
    /// computed once here). Also counts wakes, radio sessions and readings, so averages per wake, per
    /// session and per reading come from measurement.
    ///
    /// Cheap per wake and allocation-free after construction: adding time is a multiply, a check of the totals and two
    /// additions.
    /// Time is kept in µs and charge in nA·ms (1 µAh = 3,600,000,000 nA·ms), both exact integers, so nothing
    /// drifts over years of accumulation. <see cref="Encode"/> and <see cref="Decode"/> give a compact,
    /// versioned byte form for the state store.
    ///
    /// Timing: <see cref="Begin"/> closes the open phase at the given uptime and opens the next, so a wake
    /// is accounted by marking phase changes; <see cref="AddWake"/> adds the boot the firmware cannot time.
    /// </summary>
    public sealed class EnergyLedger
    {
        /// <summary>
        /// Format version written by <see cref="Encode"/>: 3 has <see cref="PowerPhase.Count"/> phases. Records of format 1
        /// (the phases before <see cref="PowerPhase.BundleLoad"/>) and 2 (before <see cref="PowerPhase.GasHeater"/>) are
        /// still read, so an update does not lose the ledger.
        /// </summary>
        public const byte FormatVersion = 3;

        /// <summary>Bytes <see cref="Encode"/> needs at most.</summary>
        public const int MaxEncodedLength = 2 + (PowerPhase.Count * 2 * CompactInteger.MaxLength) + (3 * CompactInteger.MaxLength);

        /// <summary>The longest single span <see cref="AddMicroseconds"/> accepts (30 days), so charge never overflows.</summary>
        public const long MaxSpanMicroseconds = 30L * 24 * 3600 * 1000 * 1000;

        /// <summary>
        /// The total charge (nA·ms) and time (µs) past which the counters are halved: half a long, so the longest span at
        /// the largest current (<see cref="BoardProfile.MaxBatteryNanoamps"/>) still fits beside it.
        /// </summary>
        private const long MaxTotal = long.MaxValue / 2;

        private readonly BoardProfile _profile;
        private readonly long[] _batteryNanoamps = new long[PowerPhase.Count];
        private readonly long[] _microseconds = new long[PowerPhase.Count];
        private readonly long[] _charge = new long[PowerPhase.Count];
        private readonly long[] _decodedMicroseconds = new long[PowerPhase.Count];
        private readonly long[] _decodedCharge = new long[PowerPhase.Count];
        private int _openPhase = -1;
        private long _openedAtMilliseconds;

        public EnergyLedger(BoardProfile profile)
        {
            string error = profile.Validate();
            if (error != null)
            {
                throw new System.ArgumentException("board profile: " + error, "profile");
            }

            _profile = profile;
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                _batteryNanoamps[phase] = profile.BatteryNanoamps(profile.GetLoadMicroamps(phase));
            }
        }

        public BoardProfile Profile
        {
            get { return _profile; }
        }

        /// <summary>Wakes (boots) counted by <see cref="AddWake"/>.</summary>
        public long Wakes { get; private set; }

        /// <summary>Radio sessions counted by <see cref="CountRadioSession"/> (attempted, whether they delivered or not).</summary>
        public long RadioSessions { get; private set; }

        /// <summary>Readings counted by <see cref="CountReadings"/>.</summary>
        public long Readings { get; private set; }

        /// <summary>Why the last <see cref="Decode"/> failed, or null.</summary>
        public string Error { get; private set; }

        /// <summary>The current drawn from the battery in <paramref name="phase"/>, in nA.</summary>
        public long BatteryNanoamps(int phase)
        {
            return _batteryNanoamps[phase];
        }

        /// <summary>Time spent in <paramref name="phase"/>, in µs.</summary>
        public long Microseconds(int phase)
        {
            return _microseconds[phase];
        }

        /// <summary>Charge drawn in <paramref name="phase"/>, in nA·ms.</summary>
        public long ChargeNanoampMilliseconds(int phase)
        {
            return _charge[phase];
        }

        /// <summary>Charge drawn in <paramref name="phase"/>, in nAh (rounded down).</summary>
        public long ChargeNanoampHours(int phase)
        {
            return _charge[phase] / 3600000;
        }

        /// <summary>Charge drawn in all phases, in nA·ms.</summary>
        public long TotalChargeNanoampMilliseconds
        {
            get { return Sum(_charge); }
        }

        /// <summary>Charge drawn in all phases, in nAh (rounded down).</summary>
        public long TotalNanoampHours
        {
            get { return TotalChargeNanoampMilliseconds / 3600000; }
        }

        /// <summary>Charge drawn in all phases, in µAh (rounded down).</summary>
        public long TotalMicroampHours
        {
            get { return TotalChargeNanoampMilliseconds / 3600000000; }
        }

        /// <summary>Time accounted in all phases, in µs.</summary>
        public long TotalMicroseconds
        {
            get { return Sum(_microseconds); }
        }

        /// <summary>Charge per counted reading in nAh, or 0 before the first reading.</summary>
        public long NanoampHoursPerReading
        {
            get { return Readings == 0 ? 0 : TotalChargeNanoampMilliseconds / 3600000 / Readings; }
        }

        /// <summary>Adds <paramref name="milliseconds"/> spent in <paramref name="phase"/>.</summary>
        public void Add(int phase, long milliseconds)
        {
            if (milliseconds < 0 || milliseconds > MaxSpanMicroseconds / 1000)
            {
                throw new System.ArgumentOutOfRangeException("milliseconds", "milliseconds must be 0 to 30 days");
            }

            AddMicroseconds(phase, milliseconds * 1000);
        }

        /// <summary>Adds <paramref name="microseconds"/> spent in <paramref name="phase"/> (for flash page programs).</summary>
        public void AddMicroseconds(int phase, long microseconds)
        {
            if (phase < 0 || phase >= PowerPhase.Count)
            {
                throw new System.ArgumentOutOfRangeException("phase", "not a power phase");
            }

            if (microseconds < 0 || microseconds > MaxSpanMicroseconds)
            {
                throw new System.ArgumentOutOfRangeException("microseconds", "microseconds must be 0 to 30 days");
            }

            long nanoamps = _batteryNanoamps[phase];
            long charge = ((microseconds / 1000) * nanoamps) + (((microseconds % 1000) * nanoamps) / 1000);
            while (TotalMicroseconds > MaxTotal - microseconds || (TotalChargeNanoampMilliseconds > 0 && TotalChargeNanoampMilliseconds > MaxTotal - charge))
            {
                Halve();
            }

            _microseconds[phase] += microseconds;
            _charge[phase] += charge;
        }

        /// <summary>
        /// Halves every counter, so the charge never overflows a long however long a device runs (a mains device never
        /// resets its ledger: 10 years at 40 mA is about 3,500 Ah, more than the 2,560 Ah a long holds in nA·ms). Averages
        /// per time, wake, session and reading are kept; the totals then describe the most recent part of the device's
        /// life. Happens past about 1,280 Ah, above any battery capacity the planner accepts.
        /// </summary>
        private void Halve()
        {
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                _microseconds[phase] /= 2;
                _charge[phase] /= 2;
            }

            Wakes /= 2;
            RadioSessions /= 2;
            Readings /= 2;
            Halvings++;
        }

        /// <summary>Times this ledger halved its counters to make room (<see cref="Halve"/>); not persisted.</summary>
        public int Halvings { get; private set; }

        /// <summary>
        /// Closes the open phase (if any) at <paramref name="uptimeMilliseconds"/> and opens
        /// <paramref name="phase"/> from then on.
        /// </summary>
        public void Begin(int phase, long uptimeMilliseconds)
        {
            if (phase < 0 || phase >= PowerPhase.Count)
            {
                throw new System.ArgumentOutOfRangeException("phase", "not a power phase");
            }

            End(uptimeMilliseconds);
            _openPhase = phase;
            _openedAtMilliseconds = uptimeMilliseconds;
        }

        /// <summary>Closes the open phase at <paramref name="uptimeMilliseconds"/>; nothing when none is open.</summary>
        public void End(long uptimeMilliseconds)
        {
            if (_openPhase < 0)
            {
                return;
            }

            long spent = uptimeMilliseconds - _openedAtMilliseconds;
            int phase = _openPhase;
            _openPhase = -1;
            if (spent > 0)
            {
                Add(phase, spent);
            }
        }

        /// <summary>The phase opened by <see cref="Begin"/> and not yet closed, or -1.</summary>
        public int OpenPhase
        {
            get { return _openPhase; }
        }

        /// <summary>Counts a wake and adds the board's boot time, which managed code cannot time.</summary>
        public void AddWake()
        {
            Wakes++;
            Add(PowerPhase.Boot, _profile.BootMilliseconds);
        }

        public void CountRadioSession()
        {
            RadioSessions++;
        }

        public void CountReadings(int count)
        {
            if (count < 0)
            {
                throw new System.ArgumentOutOfRangeException("count", "count must not be negative");
            }

            Readings += count;
        }

        /// <summary>Forgets everything accounted (a new battery).</summary>
        public void Reset()
        {
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                _microseconds[phase] = 0;
                _charge[phase] = 0;
            }

            Wakes = 0;
            RadioSessions = 0;
            Readings = 0;
            _openPhase = -1;
        }

        /// <summary>
        /// Writes the counters at <paramref name="offset"/> (at most <see cref="MaxEncodedLength"/> bytes) and
        /// returns the bytes written: the version, the phase count, each phase's µs and nA·ms, then wakes,
        /// radio sessions and readings, as LEB128 integers. An open phase is not included.
        /// </summary>
        public int Encode(byte[] buffer, int offset)
        {
            if (buffer == null || offset < 0 || offset > buffer.Length - MaxEncodedLength)
            {
                throw new System.ArgumentOutOfRangeException("offset", "needs " + MaxEncodedLength.ToString() + " bytes");
            }

            int at = offset;
            buffer[at++] = FormatVersion;
            buffer[at++] = PowerPhase.Count;
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                CompactInteger.Write(buffer, ref at, _microseconds[phase]);
                CompactInteger.Write(buffer, ref at, _charge[phase]);
            }

            CompactInteger.Write(buffer, ref at, Wakes);
            CompactInteger.Write(buffer, ref at, RadioSessions);
            CompactInteger.Write(buffer, ref at, Readings);
            return at - offset;
        }

        /// <summary>
        /// Replaces the counters with the ones encoded in <paramref name="count"/> bytes at
        /// <paramref name="offset"/>. On malformed input returns false with <see cref="Error"/> set and leaves
        /// the counters as they were.
        /// </summary>
        public bool Decode(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count", "offset and count must lie within the buffer");
            }

            int end = offset + count;
            if (count < 2)
            {
                return Fail("energy ledger record is too short");
            }

            byte version = buffer[offset];
            if (version < 1 || version > FormatVersion)
            {
                return Fail("energy ledger record has version " + version.ToString() + ", expected 1 to " + FormatVersion.ToString());
            }

            int phases = version == 1 ? PowerPhase.CountInFormat1 : version == 2 ? PowerPhase.CountInFormat2 : PowerPhase.Count;
            if (buffer[offset + 1] != phases)
            {
                return Fail("energy ledger record has " + buffer[offset + 1].ToString() + " phases, expected " + phases.ToString());
            }

            // Decoded into scratch arrays first, so a malformed record changes nothing.
            int at = offset + 2;
            long[] microseconds = _decodedMicroseconds;
            long[] charge = _decodedCharge;
            for (int phase = phases; phase < PowerPhase.Count; phase++)
            {
                microseconds[phase] = 0;
                charge[phase] = 0;
            }

            for (int phase = 0; phase < phases; phase++)
            {
                microseconds[phase] = CompactInteger.Read(buffer, ref at, end);
                charge[phase] = CompactInteger.Read(buffer, ref at, end);
                if (microseconds[phase] < 0 || charge[phase] < 0)
                {
                    return Fail("energy ledger record is truncated or has an invalid number in phase " + PowerPhase.Name(phase));
                }
            }

            long totalCharge = 0;
            long totalMicroseconds = 0;
            for (int phase = 0; phase < phases; phase++)
            {
                totalCharge += charge[phase];
                totalMicroseconds += microseconds[phase];
                if (totalCharge < 0 || totalMicroseconds < 0)
                {
                    return Fail("energy ledger record's totals do not fit a long");
                }
            }

            long wakes = CompactInteger.Read(buffer, ref at, end);
            long sessions = CompactInteger.Read(buffer, ref at, end);
            long readings = CompactInteger.Read(buffer, ref at, end);
            if (wakes < 0 || sessions < 0 || readings < 0)
            {
                return Fail("energy ledger record is truncated or has an invalid counter");
            }

            if (at != end)
            {
                return Fail("energy ledger record has " + (end - at).ToString() + " unexpected trailing byte(s)");
            }

            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                _microseconds[phase] = microseconds[phase];
                _charge[phase] = charge[phase];
            }

            Wakes = wakes;
            RadioSessions = sessions;
            Readings = readings;
            _openPhase = -1;
            Error = null;
            return true;
        }

        private static long Sum(long[] perPhase)
        {
            long total = 0;
            for (int phase = 0; phase < perPhase.Length; phase++)
            {
                total += perPhase[phase];
            }

            return total;
        }

        private bool Fail(string message)
        {
            Error = message;
            return false;
        }
    }
}
