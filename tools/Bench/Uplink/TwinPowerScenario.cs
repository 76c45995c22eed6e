using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Host;
using Firmware.Power;

namespace Firmware.Tools.Bench.Uplink
{
    /// <summary>
    /// Energy per reading and battery life from host twin runs: the real firmware, booted once per sample as on a
    /// battery board, against the embedded broker, with the network gone in a seeded random 20 % of hours (Wi-Fi scans
    /// to its 10 s timeout then). The device's own energy ledger (read back from its flash) accounts every phase. Two
    /// runs: this firmware (sample every 5 min, radio every 60 min) and the same twin connecting at every sample (what
    /// ESPHome and Tasmota deep-sleep nodes do, retrying at every wake). The sensitivity table re-prices the phase times
    /// the two runs measured with other boot times and sleep currents.
    /// </summary>
    public static class TwinPowerScenario
    {
        public sealed class Settings
        {
            public int Days { get; set; } = 14;

            public double OutageFraction { get; set; } = 0.2;

            public int Seed { get; set; } = 1;

            public int BatteryMilliampHours { get; set; } = 2500;
        }

        public sealed class Run
        {
            public string Name { get; set; }

            public TwinReport Report { get; set; }

            public EnergyLedger Ledger => Report.Ledger;

            public double Days => Ledger.TotalMicroseconds / 86400e6;

            public double LifeDays(int capacityMilliampHours) => capacityMilliampHours * 1000.0 / Report.AverageMicroamps / 24;
        }

        public static int RunScenario(string[] args, TextWriter output)
        {
            Settings settings = new Settings();
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--days": settings.Days = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--seed": settings.Seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--outage": settings.OutageFraction = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    default: output.WriteLine("options: --days N --seed N --outage FRACTION"); return 2;
                }
            }

            Run ours = Simulate(settings, storeAndForward: true);
            Run baseline = Simulate(settings, storeAndForward: false);
            Print(settings, ours, baseline, output);
            return 0;
        }

        /// <summary>One twin run of <see cref="Settings.Days"/> days.</summary>
        public static Run Simulate(Settings settings, bool storeAndForward)
        {
            string directory = Directory.CreateTempSubdirectory("twin-power-").FullName;
            try
            {
                string config = Path.Combine(directory, "device.json");
                File.WriteAllText(config, storeAndForward
                    ? "{\"networkTimeoutMilliseconds\":10000}"
                    : "{\"networkTimeoutMilliseconds\":10000,\"backoffBaseSeconds\":1,\"backoffCapSeconds\":1}");
                TwinOptions options = TwinOptions.Parse(new[]
                {
                    "--duration", settings.Days + "d", "--speed", "1000000000", "--quiet", "--fresh",
                    "--flash", Path.Combine(directory, "device.flash"), "--config", config, "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture),
                    "--radio-interval", storeAndForward ? "60m" : "5m", "--wifi-connect", "2s", "--radio-rtt", "20ms",
                }, out string error);
                if (options == null)
                {
                    throw new InvalidOperationException(error);
                }

                options.RealReceiveWaitMilliseconds = 2;
                Random random = new Random(settings.Seed);
                for (int hour = 0; hour < settings.Days * 24; hour++)
                {
                    if (random.NextDouble() < settings.OutageFraction)
                    {
                        options.Faults.AddNetworkDownWindow(hour * 3_600_000L, (hour + 1) * 3_600_000L);
                    }
                }

                TwinReport report = Twin.Run(options, TextWriter.Null, CancellationToken.None);
                return new Run { Name = storeAndForward ? "store-and-forward (this firmware)" : "connect at every sample (ESPHome/Tasmota style)", Report = report };
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }

        /// <summary>The run's phase times charged with another board profile (boot time and sleep current changed).</summary>
        public static double LifeDays(Run run, int bootMilliseconds, int sleepMicroamps, int capacityMilliampHours)
        {
            BoardProfile profile = BoardProfile.Esp32WroomTwoAa();
            long bootShift = (long)(bootMilliseconds - profile.BootMilliseconds) * 1000 * run.Ledger.Wakes;
            profile.BootMilliseconds = bootMilliseconds;
            profile.DeepSleepMicroamps = sleepMicroamps;
            EnergyLedger priced = new EnergyLedger(profile);
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                long microseconds = run.Ledger.Microseconds(phase);
                if (phase == PowerPhase.Boot)
                {
                    microseconds += bootShift;
                }
                else if (phase == PowerPhase.DeepSleep)
                {
                    // The sample period is fixed: a longer boot is a shorter sleep.
                    microseconds = Math.Max(0, microseconds - bootShift);
                }

                while (microseconds > 0)
                {
                    long step = Math.Min(microseconds, EnergyLedger.MaxSpanMicroseconds);
                    priced.AddMicroseconds(phase, step);
                    microseconds -= step;
                }
            }

            double averageMicroamps = priced.TotalChargeNanoampMilliseconds / (priced.TotalMicroseconds / 1000.0) / 1000.0;
            return capacityMilliampHours * 1000.0 / averageMicroamps / 24;
        }

        public static void Print(Settings settings, Run ours, Run baseline, TextWriter output)
        {
            int capacity = settings.BatteryMilliampHours;
            output.WriteLine($"Host twin runs of {settings.Days} days, seed {settings.Seed}, embedded broker; board profile {ours.Ledger.Profile.Name}; "
                + $"{settings.OutageFraction:0%} of hours without network; battery {capacity:N0} mAh usable.");
            output.WriteLine();
            output.WriteLine("| | " + ours.Name + " | " + baseline.Name + " |");
            output.WriteLine("| --- | ---: | ---: |");
            Row(output, "readings sampled", ours.Report.Sampled.ToString("N0"), baseline.Report.Sampled.ToString("N0"));
            Row(output, "delivered (judged by the subscriber) / held at the end", $"{ours.Report.DeliveredThisRun:N0} / {ours.Report.HeldThisRun}", $"{baseline.Report.DeliveredThisRun:N0} / {baseline.Report.HeldThisRun}");
            Row(output, "lost / duplicated", $"{ours.Report.Lost} / {ours.Report.Duplicates}", $"{baseline.Report.Lost} / {baseline.Report.Duplicates}");
            Row(output, "radio sessions (without network)", $"{ours.Report.RadioSessions:N0} ({ours.Report.FailedRadioSessions:N0})", $"{baseline.Report.RadioSessions:N0} ({baseline.Report.FailedRadioSessions:N0})");
            Row(output, "radio-on time per day", $"{ours.Report.RadioOn.TotalSeconds / ours.Days:0} s", $"{baseline.Report.RadioOn.TotalSeconds / baseline.Days:0} s");
            Row(output, "charge per day", $"{ours.Ledger.TotalMicroampHours / 1000.0 / ours.Days:0.00} mAh", $"{baseline.Ledger.TotalMicroampHours / 1000.0 / baseline.Days:0.00} mAh");
            Row(output, "average battery current", $"{ours.Report.AverageMicroamps:0} µA", $"{baseline.Report.AverageMicroamps:0} µA");
            Row(output, "charge per reading", $"{ours.Report.MicroampHoursPerReading:0.0} µAh", $"{baseline.Report.MicroampHoursPerReading:0.0} µAh");
            double volts = ours.Ledger.Profile.BatteryMillivolts / 1000.0;
            Row(output, $"energy per reading (at {volts:0.0} V)", $"{ours.Report.MicroampHoursPerReading * volts:0} µWh", $"{baseline.Report.MicroampHoursPerReading * volts:0} µWh");
            Row(output, $"projected life on {capacity:N0} mAh", $"**{ours.LifeDays(capacity):0} days**", $"{baseline.LifeDays(capacity):0} days");
            output.WriteLine();
            output.WriteLine($"Life ratio: **{ours.LifeDays(capacity) / baseline.LifeDays(capacity):0.00}×** the baseline's (goal: at least 4×).");
            output.WriteLine();
            output.WriteLine("Where the charge goes (mAh per day):");
            output.WriteLine();
            output.WriteLine("| phase | " + ours.Name + " | share | " + baseline.Name + " | share |");
            output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                double a = ours.Ledger.ChargeNanoampHours(phase) / 1e6 / ours.Days;
                double b = baseline.Ledger.ChargeNanoampHours(phase) / 1e6 / baseline.Days;
                double ta = ours.Ledger.TotalNanoampHours / 1e6 / ours.Days;
                double tb = baseline.Ledger.TotalNanoampHours / 1e6 / baseline.Days;
                output.WriteLine($"| {PowerPhase.Name(phase)} | {a:0.000} | {a / ta:0.0%} | {b:0.000} | {b / tb:0.0%} |");
            }

            output.WriteLine();
            output.WriteLine("Sensitivity: projected life in days, this firmware / baseline (ratio), the runs' phase times re-priced. Rows: deep-sleep load current on the 3.3 V rail (the regulator's quiescent current comes on top). Columns: boot and application load time.");
            output.WriteLine();
            int[] boots = { 500, 1000, 1500, 2000, 2500, 3000 };
            int[] sleeps = { 10, 25, 50, 100, 150 };
            output.WriteLine("| sleep \\ boot | " + string.Join(" | ", boots.Select(b => (b / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s")) + " |");
            output.WriteLine("| --- |" + string.Concat(boots.Select(b => " ---: |")));
            foreach (int sleep in sleeps)
            {
                string cells = string.Join(" | ", boots.Select(boot =>
                {
                    double a = LifeDays(ours, boot, sleep, capacity);
                    double b = LifeDays(baseline, boot, sleep, capacity);
                    return $"{a:0} / {b:0} ({a / b:0.0}×)";
                }));
                output.WriteLine($"| {sleep} µA | {cells} |");
            }
        }

        private static void Row(TextWriter output, string name, string a, string b) => output.WriteLine($"| {name} | {a} | {b} |");
    }
}
