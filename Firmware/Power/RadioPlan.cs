namespace Firmware.Power
{
    /// <summary>What the <see cref="RadioPlanner"/> chose; a holder the caller owns and the planner fills.</summary>
    public sealed class RadioPlan
    {
        /// <summary>Time between radio sessions: a whole number of sample intervals.</summary>
        public int RadioIntervalSeconds { get; set; }

        /// <summary>Radio sessions fall on every this many sample wakes (at least 1).</summary>
        public int SampleWakesPerRadioWake { get; set; }

        /// <summary>The interval was stretched beyond the configured one to reach the target life.</summary>
        public bool StretchedForTarget { get; set; }

        /// <summary>Even the longest allowed interval cannot reach the target life (sampling and sleep alone cost too much).</summary>
        public bool TargetUnreachable { get; set; }

        /// <summary>The battery is below the low level (the interval was multiplied by the low stretch).</summary>
        public bool LowBattery { get; set; }

        /// <summary>The battery is below the critical level (the interval was multiplied by the critical stretch).</summary>
        public bool CriticalBattery { get; set; }

        /// <summary>Optional work such as OTA downloads may run in this session; false postpones it.</summary>
        public bool OptionalWorkAllowed { get; set; }

        /// <summary>
        /// Gas readings (a heated conversion, the largest sensor cost) may be taken: false below the low battery level,
        /// so the heater's charge is kept for sampling and the radio.
        /// </summary>
        public bool GasReadingsAllowed { get; set; }

        /// <summary>The battery level the plan used, percent.</summary>
        public int BatteryPercent { get; set; }

        /// <summary>Average battery current at this plan, nA.</summary>
        public long ProjectedAverageNanoamps { get; set; }

        /// <summary>Hours the remaining charge lasts at <see cref="ProjectedAverageNanoamps"/>.</summary>
        public long ProjectedRemainingHours { get; set; }
    }
}
