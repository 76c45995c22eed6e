using Firmware.Power;

namespace Firmware.Tools.Bench.Power
{
    /// <summary>What one simulated run used and delivered.</summary>
    public sealed class PowerRunResult
    {
        public long Days { get; set; }

        public long Readings { get; set; }

        public long Delivered { get; set; }

        public long RadioSessions { get; set; }

        public long FailedSessions { get; set; }

        /// <summary>Radio-on time (Wi-Fi connect, transmit, receive) over the run, in ms.</summary>
        public long RadioOnMilliseconds { get; set; }

        /// <summary>Charge drawn from the battery over the run, nAh.</summary>
        public long NanoampHours { get; set; }

        /// <summary>Charge per phase, nAh, indexed by PowerPhase.</summary>
        public long[] PhaseNanoampHours { get; set; }

        public int BatteryMillivolts { get; set; }

        /// <summary>With a single outage: from its end to the first session that reached the broker, ms (-1: none).</summary>
        public long RecoveryMilliseconds { get; set; } = -1;

        /// <summary>With a single outage: charge drawn during it, nAh.</summary>
        public long OutageNanoampHours { get; set; }

        /// <summary>The run's ledger, for measured averages.</summary>
        public EnergyLedger Ledger { get; set; }

        public long AverageNanoamps => NanoampHours * 1000 / (Days * 24 * 1000);

        public double MicroampHoursPerReading => NanoampHours / 1000.0 / Readings;

        public double MicrowattHoursPerReading => MicroampHoursPerReading * BatteryMillivolts / 1000.0;

        public double MilliampHoursPerDay => NanoampHours / 1e6 / Days;

        /// <summary>Days a battery of <paramref name="capacityMilliampHours"/> lasts at this run's average current.</summary>
        public double LifeDays(double capacityMilliampHours) => capacityMilliampHours / MilliampHoursPerDay;
    }
}
