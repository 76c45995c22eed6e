using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Firmware.Host.Scenarios
{
    /// <summary>What happened in a thermostat scenario, judged from the simulated hardware (the wire and the room), not the firmware's word.</summary>
    public sealed class ThermostatScenarioResult
    {
        public ThermostatScenarioOptions Options { get; set; }

        public int SetpointCenti { get; set; }

        public int HysteresisCenti { get; set; }

        public int MinimumOnSeconds { get; set; }

        public int MinimumOffSeconds { get; set; }

        public int MaxCyclesPerHour { get; set; }

        /// <summary>Every sensor conversion: virtual ms, the room's true temperature, whether the heater was on.</summary>
        public IReadOnlyList<(long At, double Celsius, bool Heating)> Samples { get; set; }

        /// <summary>Every relay change on the wire: virtual ms and energised.</summary>
        public IReadOnlyList<(long At, bool Energised)> RelayChanges { get; set; }

        /// <summary>When the sensor was made to fail, and when it was cleared (virtual ms), or -1.</summary>
        public long SensorFailedAt { get; set; } = -1;

        public long SensorClearedAt { get; set; } = -1;

        public long HeaterOnMilliseconds { get; set; }

        public double HeaterWatts { get; set; }

        public int ReadingsDelivered { get; set; }

        public int RadioSessions { get; set; }

        public IReadOnlyList<string> Problems { get; set; } = Array.Empty<string>();

        public TimeSpan RealTime { get; set; }

        /// <summary>Switch-ons per clock hour of the run.</summary>
        public int[] CyclesPerHour()
        {
            int hours = (int)Math.Ceiling(Options.Duration.TotalHours);
            int[] cycles = new int[hours];
            foreach ((long at, bool on) in RelayChanges)
            {
                if (on)
                {
                    cycles[Math.Min(hours - 1, (int)(at / 3_600_000))]++;
                }
            }

            return cycles;
        }

        /// <summary>The fraction of samples from <paramref name="fromMilliseconds"/> with the room within setpoint ± hysteresis.</summary>
        public double FractionWithinBand(long fromMilliseconds, Func<long, bool> exclude = null)
        {
            var considered = Samples.Where(s => s.At >= fromMilliseconds && (exclude == null || !exclude(s.At))).ToList();
            if (considered.Count == 0)
            {
                return 0;
            }

            return considered.Count(s => Within(s.Celsius)) / (double)considered.Count;
        }

        public bool Within(double celsius) => Math.Abs(celsius - (SetpointCenti / 100.0)) <= HysteresisCenti / 100.0;

        /// <summary>The shortest completed on and off periods on the wire (off periods from the first write at boot).</summary>
        public (long ShortestOn, long ShortestOff) ShortestPeriods()
        {
            long on = long.MaxValue;
            long off = long.MaxValue;
            for (int i = 1; i < RelayChanges.Count; i++)
            {
                long length = RelayChanges[i].At - RelayChanges[i - 1].At;
                if (RelayChanges[i - 1].Energised)
                {
                    on = Math.Min(on, length);
                }
                else
                {
                    off = Math.Min(off, length);
                }
            }

            return (on, off);
        }

        /// <summary>
        /// How far apart the device took its samples, from the conversions themselves: "every 60 s", or with the times a
        /// new spacing began ("every 60 s, every 120 s from 0d 00:31:00") when a configuration changed it. A single odd
        /// gap (a restart, a skipped slot) is not a spacing.
        /// </summary>
        public string SampleSpacing()
        {
            if (Samples.Count < 3)
            {
                return $"{Samples.Count} sample(s)";
            }

            List<(long Seconds, long From, int Gaps)> runs = new List<(long, long, int)>();
            for (int i = 1; i < Samples.Count; i++)
            {
                long seconds = (long)Math.Round((Samples[i].At - Samples[i - 1].At) / 1000.0);
                if (runs.Count > 0 && runs[^1].Seconds == seconds)
                {
                    runs[^1] = (seconds, runs[^1].From, runs[^1].Gaps + 1);
                }
                else
                {
                    runs.Add((seconds, Samples[i - 1].At, 1));
                }
            }

            List<(long Seconds, long From)> spacings = new List<(long, long)>();
            foreach ((long seconds, long from, int gaps) in runs)
            {
                if (gaps >= 2 && (spacings.Count == 0 || spacings[^1].Seconds != seconds))
                {
                    spacings.Add((seconds, from));
                }
            }

            return spacings.Count == 0
                ? "at irregular times"
                : string.Join(", ", spacings.Select((s, i) => i == 0 ? $"every {s.Seconds} s" : $"every {s.Seconds} s from {DurationText.Stamp(s.From)}"));
        }

        /// <summary>What the rig's room and relay did under these settings; the caller adds what it knows of the run.</summary>
        public static ThermostatScenarioResult FromRig(ThermostatRig rig, ThermostatScenarioOptions options, Firmware.Control.ThermostatSettings settings)
        {
            return new ThermostatScenarioResult
            {
                Options = options,
                SetpointCenti = settings.SetpointCenti,
                HysteresisCenti = settings.HysteresisCenti,
                MinimumOnSeconds = settings.MinimumOnSeconds,
                MinimumOffSeconds = settings.MinimumOffSeconds,
                MaxCyclesPerHour = settings.MaxCyclesPerHour,
                Samples = rig.Samples,
                RelayChanges = rig.Pin.Changes,
                HeaterOnMilliseconds = rig.Room.HeaterOnMilliseconds,
                HeaterWatts = rig.Room.HeaterWatts,
            };
        }

        public void Print(TextWriter output)
        {
            int[] perHour = CyclesPerHour();
            (long shortestOn, long shortestOff) = ShortestPeriods();
            double hours = Options.Duration.TotalHours;
            output.WriteLine($"thermostat: setpoint {SetpointCenti / 100.0:0.00} °C, hysteresis {HysteresisCenti / 100.0:0.00} °C, min on {MinimumOnSeconds} s, min off {MinimumOffSeconds} s (at most {MaxCyclesPerHour} cycles/h)");
            output.WriteLine($"room: outdoor {Options.OutdoorMeanCelsius:0.0} ± {Options.OutdoorSwingCelsius:0.0} °C, start {Options.StartCelsius:0.0} °C, samples {SampleSpacing()}, network {(Options.NetworkUp ? "up" : "down all day")}");
            output.WriteLine($"relay cycles: {perHour.Sum()} in {hours:0.#} h = {perHour.Sum() / hours:0.00}/h on average, at most {perHour.Max()} in one hour");
            var settled = Samples.Where(x => x.At >= 2 * 3_600_000).ToList();
            if (settled.Count > 0)
            {
                output.WriteLine($"time within setpoint ± hysteresis from 2 h on: {100 * FractionWithinBand(2 * 3_600_000):0.0} % of samples");
                output.WriteLine($"room from 2 h on: {settled.Min(x => x.Celsius):0.00} to {settled.Max(x => x.Celsius):0.00} °C");
            }
            else
            {
                output.WriteLine("time within setpoint ± hysteresis: not enough data (the band is judged from 2 h on, once the room has warmed up; this run is shorter)");
            }

            output.WriteLine((shortestOn == long.MaxValue ? "no on period" : $"shortest on period {shortestOn / 1000.0:0} s")
                + ", " + (shortestOff == long.MaxValue ? "no off period" : $"shortest off period {shortestOff / 1000.0:0} s")
                + (shortestOn == long.MaxValue || shortestOff == long.MaxValue ? " (completed periods only)" : string.Empty));
            output.WriteLine($"heater energy: {HeaterOnMilliseconds / 3_600_000.0 * HeaterWatts / 1000:0.00} kWh ({100.0 * HeaterOnMilliseconds / Options.Duration.TotalMilliseconds:0.0} % duty)");
            if (RealTime > TimeSpan.Zero)
            {
                output.WriteLine($"readings delivered: {ReadingsDelivered}, radio sessions: {RadioSessions}, simulated in {RealTime.TotalSeconds:0.0} s");
            }
        }
    }
}
