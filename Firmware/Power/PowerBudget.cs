namespace Firmware.Power
{
    /// <summary>
    /// What the <see cref="RadioPlanner"/> plans against: the battery, the life the device must reach on it,
    /// the sample and radio intervals it may choose between, and the battery levels below which it saves
    /// harder. Plain data; <see cref="Validate"/> says what is wrong with it.
    /// </summary>
    public sealed class PowerBudget
    {
        public PowerBudget()
        {
            BatteryCapacityMicroampHours = 2500000;
            TargetLifeDays = 0;
            SampleIntervalSeconds = 300;
            RadioIntervalSeconds = 3600;
            MaxRadioIntervalSeconds = 86400;
            LowBatteryPercent = 30;
            LowBatteryStretch = 2;
            CriticalBatteryPercent = 15;
            CriticalBatteryStretch = 4;
        }

        /// <summary>Usable capacity of a fresh battery in µAh (2,500,000 for 2×AA alkaline at an ESP32's loads).</summary>
        public long BatteryCapacityMicroampHours { get; set; }

        /// <summary>The life the device must reach on one battery, in days; 0 for no target (radio interval as configured).</summary>
        public int TargetLifeDays { get; set; }

        /// <summary>Time between samples; radio wakes fall on sample wakes.</summary>
        public int SampleIntervalSeconds { get; set; }

        /// <summary>The configured (shortest) time between radio sessions.</summary>
        public int RadioIntervalSeconds { get; set; }

        /// <summary>The planner never stretches the radio interval beyond this.</summary>
        public int MaxRadioIntervalSeconds { get; set; }

        /// <summary>Below this charge the radio interval is multiplied by <see cref="LowBatteryStretch"/> and optional work waits.</summary>
        public int LowBatteryPercent { get; set; }

        public int LowBatteryStretch { get; set; }

        /// <summary>Below this charge the radio interval is multiplied by <see cref="CriticalBatteryStretch"/> instead.</summary>
        public int CriticalBatteryPercent { get; set; }

        public int CriticalBatteryStretch { get; set; }

        /// <summary>Null when the budget is usable, else what is wrong with it.</summary>
        public string Validate()
        {
            if (BatteryCapacityMicroampHours < 1000 || BatteryCapacityMicroampHours > 1000000000)
            {
                return "batteryCapacity must be 1 mAh to 1000 Ah";
            }

            if (TargetLifeDays < 0 || TargetLifeDays > 36500)
            {
                return "targetLifeDays must be 0 (none) to 36500";
            }

            if (SampleIntervalSeconds < 1 || SampleIntervalSeconds > 86400)
            {
                return "sampleIntervalSeconds must be 1 to 86400";
            }

            if (RadioIntervalSeconds < SampleIntervalSeconds || MaxRadioIntervalSeconds < RadioIntervalSeconds || MaxRadioIntervalSeconds > 7 * 86400)
            {
                return "the radio interval must be at least the sample interval and at most the maximum, which is at most 7 days";
            }

            if (CriticalBatteryPercent < 0 || CriticalBatteryPercent > LowBatteryPercent || LowBatteryPercent > 100)
            {
                return "battery levels must satisfy 0 <= critical <= low <= 100";
            }

            if (LowBatteryStretch < 1 || CriticalBatteryStretch < LowBatteryStretch || CriticalBatteryStretch > 100)
            {
                return "stretch factors must satisfy 1 <= low <= critical <= 100";
            }

            return null;
        }
    }
}
