using System;
using System.Globalization;
using System.IO;
using Firmware.Power;

namespace Firmware.Tools.Bench.Power
{
    /// <summary>
    /// The "power" scenario: energy per reading and projected battery life of this firmware's
    /// store-and-forward schedule against connecting at every sample, on a board profile, with a sensitivity
    /// table over boot time and sleep current and the planner's choices for target lives. Prints Markdown
    /// (docs/power.md quotes it).
    /// </summary>
    public static class PowerScenario
    {
        public const string Usage = "usage: dotnet run --project tools/Bench -- power [--days N] [--profile 2aa|liion] [--seed N] [--capacity MAH]";

        private static readonly int[] BootMilliseconds = { 500, 1000, 1500, 2000, 2500, 3000 };
        private static readonly int[] SleepMicroamps = { 10, 25, 50, 100, 150 };

        public static int Run(string[] args, TextWriter output)
        {
            PowerScenarioSettings settings = new PowerScenarioSettings();
            string profileName = "2aa";
            int capacity = 2500;
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--days" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int days) && days >= 1 && days <= 3650:
                        settings.Days = days;
                        i++;
                        break;
                    case "--seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int seed):
                        settings.Seed = seed;
                        i++;
                        break;
                    case "--capacity" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int mah) && mah >= 1:
                        capacity = mah;
                        i++;
                        break;
                    case "--profile" when value == "2aa" || value == "liion":
                        profileName = value;
                        i++;
                        break;
                    default:
                        Console.Error.WriteLine($"power: bad option '{args[i]}'" + (value != null ? $" '{value}'" : ""));
                        Console.Error.WriteLine(Usage);
                        return 2;
                }
            }

            BoardProfile profile = Profile(profileName);
            output.WriteLine($"Profile `{profile.Name}`, {settings.Days} simulated days, seed {settings.Seed}, battery {capacity:N0} mAh usable.");
            output.WriteLine();
            PrintProfile(output, profile);

            PowerRunResult ours = PowerSimulation.Run(profile, settings, DeviceStrategy.StoreAndForward);
            PowerRunResult baseline = PowerSimulation.Run(profile, settings, DeviceStrategy.ConnectEverySample);
            PrintComparison(output, settings, capacity, ours, baseline);
            PrintBreakdown(output, ours, baseline);
            PrintSensitivity(output, profileName, settings, capacity);
            PrintPlanner(output, ours, settings, capacity);
            return 0;
        }

        private static BoardProfile Profile(string name) => name == "liion" ? BoardProfile.Esp32WroomLiIon() : BoardProfile.Esp32WroomTwoAa();

        private static void PrintProfile(TextWriter output, BoardProfile profile)
        {
            EnergyLedger ledger = new EnergyLedger(profile);
            output.WriteLine("### Board profile");
            output.WriteLine();
            output.WriteLine("| phase | load at 3.3 V | from the battery | typical duration |");
            output.WriteLine("| --- | ---: | ---: | ---: |");
            string[] durations =
            {
                "until the next wake", $"{profile.BootMilliseconds} ms", $"per wake ({PowerAverages.EstimatedCpuMillisecondsPerWake} ms)", $"{profile.SensorMeasureMilliseconds} ms",
                $"{profile.FlashSectorEraseMilliseconds} ms a 4 KB sector", $"{profile.FlashPageProgramMicroseconds / 1000.0:0.0} ms a 256 B page",
                $"{profile.WifiConnectMilliseconds} ms", "by bytes sent", "by round trips", "measured by the loader (OTA slots)",
                "a gas sensor's reading, measured (a BME680: 62 ms with the battery's heater)",
            };
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                output.WriteLine($"| {PowerPhase.Name(phase)} | {Current(profile.GetLoadMicroamps(phase) * 1000L)} | {Current(ledger.BatteryNanoamps(phase))} | {durations[phase]} |");
            }

            output.WriteLine();
            output.WriteLine(profile.Regulator == RegulatorKind.Boost
                ? $"Regulator: boost {profile.BatteryMillivolts / 1000.0:0.0#} V to {profile.OutputMillivolts / 1000.0:0.0#} V, {profile.EfficiencyPermille / 10.0:0.#} % efficient, "
                    + $"quiescent {profile.QuiescentInputNanoamps / 1000.0:0.##} µA from the battery and {profile.QuiescentOutputNanoamps / 1000.0:0.##} µA from its output."
                : $"Regulator: linear to {profile.OutputMillivolts / 1000.0:0.0#} V, ground current {profile.QuiescentInputNanoamps / 1000.0:0.##} µA.");
            output.WriteLine();
        }

        private static void PrintComparison(TextWriter output, PowerScenarioSettings s, int capacity, PowerRunResult ours, PowerRunResult baseline)
        {
            output.WriteLine($"### Sample every {s.SampleIntervalSeconds / 60} min, radio every {s.RadioIntervalSeconds / 60} min, {s.OutageFraction:P0} of hours without network");
            output.WriteLine();
            output.WriteLine("| | store-and-forward (this firmware) | connect at every sample (ESPHome/Tasmota style) |");
            output.WriteLine("| --- | ---: | ---: |");
            Row(output, "readings sampled", ours.Readings.ToString("N0", CultureInfo.InvariantCulture), baseline.Readings.ToString("N0", CultureInfo.InvariantCulture));
            Row(output, "readings delivered", ours.Delivered.ToString("N0", CultureInfo.InvariantCulture), baseline.Delivered.ToString("N0", CultureInfo.InvariantCulture));
            Row(output, "radio sessions (failed)", $"{ours.RadioSessions:N0} ({ours.FailedSessions:N0})", $"{baseline.RadioSessions:N0} ({baseline.FailedSessions:N0})");
            Row(output, "radio-on time per day", $"{ours.RadioOnMilliseconds / 1000.0 / ours.Days:0} s", $"{baseline.RadioOnMilliseconds / 1000.0 / baseline.Days:0} s");
            Row(output, "charge per day", $"{ours.MilliampHoursPerDay:0.00} mAh", $"{baseline.MilliampHoursPerDay:0.00} mAh");
            Row(output, "average battery current", $"{ours.AverageNanoamps / 1000.0:0} µA", $"{baseline.AverageNanoamps / 1000.0:0} µA");
            Row(output, "charge per reading", $"{ours.MicroampHoursPerReading:0.0} µAh", $"{baseline.MicroampHoursPerReading:0.0} µAh");
            Row(output, $"energy per reading (at {ours.BatteryMillivolts / 1000.0:0.0} V)", $"{ours.MicrowattHoursPerReading:0} µWh", $"{baseline.MicrowattHoursPerReading:0} µWh");
            Row(output, $"projected life on {capacity:N0} mAh", $"**{ours.LifeDays(capacity):0} days**", $"{baseline.LifeDays(capacity):0} days");
            output.WriteLine();
            output.WriteLine($"Life ratio: **{ours.LifeDays(capacity) / baseline.LifeDays(capacity):0.00}×** the baseline's (goal: at least 4×).");
            output.WriteLine();
        }

        private static void PrintBreakdown(TextWriter output, PowerRunResult ours, PowerRunResult baseline)
        {
            output.WriteLine("### Where the charge goes");
            output.WriteLine();
            output.WriteLine("| phase | store-and-forward, mAh/day | share | connect at every sample, mAh/day | share |");
            output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                output.WriteLine($"| {PowerPhase.Name(phase)} | {ours.PhaseNanoampHours[phase] / 1e6 / ours.Days:0.000} | {(double)ours.PhaseNanoampHours[phase] / ours.NanoampHours:P1} "
                    + $"| {baseline.PhaseNanoampHours[phase] / 1e6 / baseline.Days:0.000} | {(double)baseline.PhaseNanoampHours[phase] / baseline.NanoampHours:P1} |");
            }

            output.WriteLine();
        }

        private static void PrintSensitivity(TextWriter output, string profileName, PowerScenarioSettings settings, int capacity)
        {
            output.WriteLine("### Sensitivity: projected life in days, this firmware / baseline (ratio)");
            output.WriteLine();
            output.WriteLine("Rows: deep-sleep load current on the 3.3 V rail (the regulator's quiescent current comes on top). Columns: boot and application load time.");
            output.WriteLine();
            output.Write("| sleep \\ boot |");
            foreach (int boot in BootMilliseconds)
            {
                output.Write($" {boot / 1000.0:0.0} s |");
            }

            output.WriteLine();
            output.Write("| --- |");
            foreach (int unused in BootMilliseconds)
            {
                output.Write(" ---: |");
            }

            output.WriteLine();
            foreach (int sleep in SleepMicroamps)
            {
                output.Write($"| {sleep} µA |");
                foreach (int boot in BootMilliseconds)
                {
                    BoardProfile profile = Profile(profileName);
                    profile.DeepSleepMicroamps = sleep;
                    profile.BootMilliseconds = boot;
                    PowerRunResult ours = PowerSimulation.Run(profile, settings, DeviceStrategy.StoreAndForward);
                    PowerRunResult baseline = PowerSimulation.Run(profile, settings, DeviceStrategy.ConnectEverySample);
                    double a = ours.LifeDays(capacity);
                    double b = baseline.LifeDays(capacity);
                    output.Write($" {a:0} / {b:0} ({a / b:0.0}×) |");
                }

                output.WriteLine();
            }

            output.WriteLine();
        }

        private static void PrintPlanner(TextWriter output, PowerRunResult ours, PowerScenarioSettings settings, int capacity)
        {
            PowerAverages averages = new PowerAverages();
            averages.Measure(ours.Ledger);
            output.WriteLine("### The planner's choice for a target life");
            output.WriteLine();
            output.WriteLine($"From the store-and-forward run's measured averages: asleep {averages.SleepNanoamps / 1000.0:0.0} µA, "
                + $"{averages.WakeChargeNanoampMilliseconds / 3.6e9:0.0} µAh per wake, {averages.SessionChargeNanoampMilliseconds / 3.6e9:0.0} µAh per radio session "
                + "(failed sessions included), on a fresh battery.");
            output.WriteLine();
            output.WriteLine("| target life | radio interval | projected life | note |");
            output.WriteLine("| ---: | ---: | ---: | --- |");
            foreach (int days in new[] { 0, 120, 150, 180, 365 })
            {
                PowerBudget budget = new PowerBudget
                {
                    BatteryCapacityMicroampHours = capacity * 1000L,
                    TargetLifeDays = days,
                    SampleIntervalSeconds = settings.SampleIntervalSeconds,
                    RadioIntervalSeconds = settings.RadioIntervalSeconds,
                };
                RadioPlan plan = new RadioPlan();
                RadioPlanner.Plan(budget, averages, capacity * 1000L, 0, 100, plan);
                string note = plan.TargetUnreachable ? "unreachable: longest interval, optional work postponed"
                    : plan.StretchedForTarget ? "stretched to reach the target" : "configured interval";
                output.WriteLine($"| {(days == 0 ? "none" : days + " days")} | {plan.RadioIntervalSeconds / 60} min | {plan.ProjectedRemainingHours / 24} days | {note} |");
            }

            output.WriteLine();
        }

        private static void Row(TextWriter output, string name, string a, string b) => output.WriteLine($"| {name} | {a} | {b} |");

        private static string Current(long nanoamps) => nanoamps >= 1000000 ? $"{nanoamps / 1e6:0.0} mA" : $"{nanoamps / 1000.0:0.0} µA";
    }
}
