using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Firmware.Power;

namespace Firmware.Tools.Bench.Power
{
    /// <summary>
    /// How soon a battery device reaches the broker again after a long outage, and what the outage costs, for backoff
    /// caps from the radio interval to six hours: the wake-by-wake simulation of <see cref="PowerSimulation"/> (the
    /// firmware's backoff with full jitter, its radio planner and energy ledger) over three days with the network gone
    /// for the middle day, on many seeds of the jitter; then a year with the network gone in a random 20 % of hours.
    /// </summary>
    public static class OutageRecoveryScenario
    {
        public static int Run(string[] args, TextWriter output)
        {
            int seeds = args.Length > 1 && args[0] == "--seeds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
            BoardProfile profile = BoardProfile.Esp32WroomTwoAa();
            output.WriteLine("# After an outage: backoff cap against recovery and cost");
            output.WriteLine();
            output.WriteLine($"Sample every 5 min, radio every 60 min, backoff base = radio interval, full jitter; Wi-Fi scans to its 10 s timeout");
            output.WriteLine($"while the network is gone. A 24-hour outage on day 2 of 3, {seeds} seeds of the jitter; then 365 days with the network gone");
            output.WriteLine("in a random 20 % of hours (the projection of docs/power.md).");
            output.WriteLine();
            output.WriteLine("| backoff cap | back at the broker after the outage: mean | 95th percentile | worst | charge per outage day | per healthy day | battery life, 20 % outage hours |");
            output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (int capMinutes in new[] { 360, 240, 120, 90, 60 })
            {
                List<double> delays = new List<double>();
                double outageCharge = 0;
                for (int seed = 1; seed <= seeds; seed++)
                {
                    PowerScenarioSettings settings = new PowerScenarioSettings
                    {
                        Days = 3,
                        Seed = seed,
                        OutageStartHour = 24,
                        OutageLengthHours = 24,
                        BackoffCapMilliseconds = capMinutes * 60000L,
                    };
                    PowerRunResult run = PowerSimulation.Run(profile, settings, DeviceStrategy.StoreAndForward);
                    delays.Add(run.RecoveryMilliseconds / 60000.0);
                    outageCharge += run.OutageNanoampHours / 1e6;
                }

                PowerRunResult healthy = PowerSimulation.Run(profile, new PowerScenarioSettings { Days = 3, OutageFraction = 0, BackoffCapMilliseconds = capMinutes * 60000L }, DeviceStrategy.StoreAndForward);
                PowerRunResult year = PowerSimulation.Run(profile, new PowerScenarioSettings { BackoffCapMilliseconds = capMinutes * 60000L }, DeviceStrategy.StoreAndForward);
                delays.Sort();
                output.WriteLine($"| {capMinutes} min | {delays.Average():0} min | {delays[(int)(delays.Count * 0.95)]:0} min | {delays[^1]:0} min | "
                    + $"{outageCharge / seeds:0.00} mAh | {healthy.MilliampHoursPerDay:0.00} mAh | {year.LifeDays(2500):0} days |");
            }

            return 0;
        }
    }
}
