namespace Firmware.Device
{
    /// <summary>
    /// Mains: when the exchange after a sample drains the log. Every reading is in the flash log, power-loss safe, from
    /// the moment it is stored, so waiting loses nothing; a batch of readings costs one publish and one PUBACK where a
    /// drain per sample costs one each per reading. The drain is due at a sample when
    /// <list type="bullet">
    /// <item>the interval has passed since the last drain (<see cref="DeviceConfig.MainsTelemetryIntervalSeconds"/> as a
    /// whole number of samples, at least one: 0 or at most the sample interval is every sample);</item>
    /// <item>something asked for it (<see cref="Request"/>): the session (re)opened, an alarm started, or the last drain
    /// did not empty the log (a lost connection, a missing PUBACK, the budget);</item>
    /// <item>the log holds a full batch: waiting longer would only delay what goes out in one publish anyway.</item>
    /// </list>
    /// Times are the samples' uptimes (<see cref="WakeContext.SampledAt"/>), on the loop's grid; half a sample of slack
    /// absorbs the few milliseconds a wake starts late. Allocation-free.
    /// </summary>
    public sealed class MainsTelemetrySchedule
    {
        private readonly long _dueAfter;
        private long _lastDrainAt;
        private bool _requested = true;

        public MainsTelemetrySchedule(long sampleMilliseconds, int intervalSeconds)
        {
            long samples = sampleMilliseconds <= 0 ? 1 : (((long)intervalSeconds * 1000) + (sampleMilliseconds / 2)) / sampleMilliseconds;
            if (samples < 1)
            {
                samples = 1;
            }

            IntervalMilliseconds = samples * sampleMilliseconds;
            _dueAfter = IntervalMilliseconds - (sampleMilliseconds / 2);
        }

        /// <summary>The time between drains in force: the configured interval rounded to a whole number of samples.</summary>
        public long IntervalMilliseconds { get; private set; }

        /// <summary>The next exchange drains, whatever the interval (a new session, an alarm's onset).</summary>
        public void Request()
        {
            _requested = true;
        }

        /// <summary>True when the exchange after the sample taken at <paramref name="sampledAt"/> drains the log.</summary>
        /// <param name="held">Readings the log holds unacknowledged.</param>
        /// <param name="fullBatch">Readings that fill one telemetry batch (<see cref="Firmware.Uplink.TelemetryDrain.FullBatchReadings"/>).</param>
        public bool IsDue(long sampledAt, long held, int fullBatch)
        {
            return _requested || sampledAt - _lastDrainAt >= _dueAfter || held >= fullBatch;
        }

        /// <summary>A drain ran after the sample taken at <paramref name="sampledAt"/>; unless it emptied the log, the next exchange drains again.</summary>
        public void Drained(long sampledAt, bool emptied)
        {
            _lastDrainAt = sampledAt;
            _requested = !emptied;
        }
    }
}
