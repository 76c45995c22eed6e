namespace Firmware.Power
{
    /// <summary>
    /// Chooses the radio wake interval. Pure functions: the same inputs give the same plan.
    ///
    /// The average battery current at radio interval R is sleep + wake/S + session/R (S the sample interval),
    /// so the target life fixes the largest affordable session rate: R ≥ session / (budget − sleep − wake/S),
    /// where budget = remaining charge / remaining target time. The configured interval is kept when it is
    /// affordable, stretched when it is not, and capped at the maximum. Below the low and critical battery
    /// levels the interval is multiplied further, optional work (OTA downloads) is postponed and gas readings (a gas
    /// sensor's heater) are skipped. The result is
    /// rounded to a whole number of sample intervals, so a radio session always rides on a sample wake and
    /// never costs a boot of its own.
    /// </summary>
    public static class RadioPlanner
    {
        /// <summary>
        /// Plans from a ledger: remaining charge = capacity − what the ledger accounted, elapsed time = the
        /// ledger's accounted time, averages measured by it (estimated from the profile until it has enough).
        /// <paramref name="batteryPercent"/> is the gauge's reading, or -1 when there is none.
        /// </summary>
        public static void Plan(PowerBudget budget, EnergyLedger ledger, PowerAverages averages, int batteryPercent, RadioPlan result)
        {
            averages.Measure(ledger);
            long remaining = budget.BatteryCapacityMicroampHours - ledger.TotalMicroampHours;
            Plan(budget, averages, remaining < 0 ? 0 : remaining, ledger.TotalMicroseconds / 1000, batteryPercent, result);
        }

        /// <summary>
        /// Plans for a battery with <paramref name="remainingMicroampHours"/> left after
        /// <paramref name="elapsedMilliseconds"/> of life. <paramref name="batteryPercent"/> is the gauge's
        /// reading, or -1 to derive the level from the remaining charge.
        /// </summary>
        public static void Plan(PowerBudget budget, PowerAverages averages, long remainingMicroampHours, long elapsedMilliseconds, int batteryPercent, RadioPlan result)
        {
            string error = budget.Validate();
            if (error != null)
            {
                throw new System.ArgumentException("power budget: " + error, "budget");
            }

            if (remainingMicroampHours < 0 || elapsedMilliseconds < 0 || batteryPercent > 100)
            {
                throw new System.ArgumentOutOfRangeException("remainingMicroampHours", "charge and elapsed time must not be negative, nor the battery above 100 %");
            }

            long sample = (long)budget.SampleIntervalSeconds * 1000;
            long configured = (long)budget.RadioIntervalSeconds * 1000;
            long maximum = (long)budget.MaxRadioIntervalSeconds * 1000;
            long fixedNanoamps = averages.SleepNanoamps + (averages.WakeChargeNanoampMilliseconds / sample);
            long remainingNanoampMilliseconds = remainingMicroampHours * 3600000000;

            result.StretchedForTarget = false;
            result.TargetUnreachable = false;
            long interval = configured;
            if (budget.TargetLifeDays > 0)
            {
                long targetLeft = ((long)budget.TargetLifeDays * 86400000) - elapsedMilliseconds;
                if (targetLeft > 0)
                {
                    long spare = (remainingNanoampMilliseconds / targetLeft) - fixedNanoamps;
                    if (spare <= 0)
                    {
                        interval = maximum;
                        result.TargetUnreachable = true;
                    }
                    else
                    {
                        long required = (averages.SessionChargeNanoampMilliseconds + spare - 1) / spare;
                        if (required > maximum)
                        {
                            interval = maximum;
                            result.TargetUnreachable = true;
                        }
                        else if (required > configured)
                        {
                            interval = required;
                            result.StretchedForTarget = true;
                        }
                    }
                }
            }

            int percent = batteryPercent;
            if (percent < 0)
            {
                percent = (int)((remainingMicroampHours * 100) / budget.BatteryCapacityMicroampHours);
                if (percent > 100)
                {
                    percent = 100;
                }
            }

            result.BatteryPercent = percent;
            result.CriticalBattery = percent < budget.CriticalBatteryPercent;
            result.LowBattery = percent < budget.LowBatteryPercent;
            if (result.CriticalBattery)
            {
                interval *= budget.CriticalBatteryStretch;
            }
            else if (result.LowBattery)
            {
                interval *= budget.LowBatteryStretch;
            }

            if (interval > maximum)
            {
                interval = maximum;
            }

            int wakes = SampleWakesFor(interval, sample);
            if ((long)wakes * sample > maximum && wakes > 1)
            {
                wakes--;
            }

            result.SampleWakesPerRadioWake = wakes;
            result.RadioIntervalSeconds = wakes * budget.SampleIntervalSeconds;
            result.OptionalWorkAllowed = !result.LowBattery && !result.TargetUnreachable;
            result.GasReadingsAllowed = !result.LowBattery;
            long radioInterval = (long)wakes * sample;
            result.ProjectedAverageNanoamps = fixedNanoamps + (averages.SessionChargeNanoampMilliseconds / radioInterval);
            result.ProjectedRemainingHours = result.ProjectedAverageNanoamps <= 0
                ? long.MaxValue
                : (remainingMicroampHours * 1000) / result.ProjectedAverageNanoamps;
        }

        /// <summary>
        /// The number of sample wakes (at least 1) that covers <paramref name="delayMilliseconds"/>: a radio
        /// attempt postponed by a backoff delay happens on that sample wake, never on a wake of its own.
        /// </summary>
        public static int SampleWakesFor(long delayMilliseconds, long sampleIntervalMilliseconds)
        {
            if (sampleIntervalMilliseconds <= 0)
            {
                throw new System.ArgumentOutOfRangeException("sampleIntervalMilliseconds", "the sample interval must be positive");
            }

            if (delayMilliseconds <= sampleIntervalMilliseconds)
            {
                return 1;
            }

            long wakes = (delayMilliseconds + sampleIntervalMilliseconds - 1) / sampleIntervalMilliseconds;
            return wakes > int.MaxValue ? int.MaxValue : (int)wakes;
        }

        /// <summary>True when the radio is due on this sample wake: <paramref name="wakesSinceSession"/> counts sample wakes since the last session.</summary>
        public static bool IsRadioDue(long wakesSinceSession, RadioPlan plan)
        {
            return wakesSinceSession >= plan.SampleWakesPerRadioWake;
        }
    }
}
