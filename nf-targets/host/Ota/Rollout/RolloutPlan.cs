using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>
    /// How a release goes out: waves of the targeted devices (cumulative percentages, the last 100), how long each wave
    /// soaks before the next begins, the failure rate that halts the rollout, how long a device that had a session may
    /// take to confirm, and the seed that orders the devices.
    /// </summary>
    public sealed class RolloutPlan
    {
        /// <summary>Cumulative percentages of the targeted devices, increasing, the last 100; the first wave is the canary.</summary>
        public List<double> Waves { get; set; } = new List<double> { 0.5, 5, 25, 100 };

        public long SoakMilliseconds { get; set; } = 86_400_000;

        /// <summary>A wave whose failed devices over its decided devices pass this share halts the rollout.</summary>
        public double FailureThreshold { get; set; } = 0.02;

        /// <summary>How long after its first session since the announce a device may take to report an outcome.</summary>
        public long ConfirmTimeoutMilliseconds { get; set; } = 86_400_000;

        public int Seed { get; set; } = 1;

        /// <summary>Parses "0.5,5,25,100": percentages, increasing, the last 100.</summary>
        public static List<double> ParseWaves(string text)
        {
            List<double> waves = new List<double>();
            foreach (string part in (text ?? string.Empty).Split(','))
            {
                if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) || !(percent > 0) || percent > 100)
                {
                    throw new FormatException($"waves are percentages above 0 and up to 100 separated by commas, like 0.5,5,25,100; '{part.Trim()}' is not one");
                }

                waves.Add(percent);
            }

            return waves;
        }

        /// <summary>What is wrong with the plan, or null.</summary>
        public string Check()
        {
            if (Waves == null || Waves.Count == 0)
            {
                return "the plan has no wave";
            }

            for (int i = 0; i < Waves.Count; i++)
            {
                if (!(Waves[i] > 0) || Waves[i] > 100 || (i > 0 && Waves[i] <= Waves[i - 1]))
                {
                    return $"waves must increase from above 0 to 100 (cumulative percentages): {string.Join(",", Waves.Select(w => w.ToString(CultureInfo.InvariantCulture)))}";
                }
            }

            if (Waves[^1] != 100)
            {
                return "the last wave must be 100 (every targeted device)";
            }

            if (SoakMilliseconds <= 0 || ConfirmTimeoutMilliseconds <= 0)
            {
                return "the soak time and the confirm timeout must be positive";
            }

            return FailureThreshold >= 0 && FailureThreshold < 1 ? null : "the failure threshold is a share from 0 to below 1 (0.02 for 2 %)";
        }
    }
}
