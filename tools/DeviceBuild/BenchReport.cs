using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Firmware.Tools.DeviceBuild
{
    /// <summary>
    /// Summarises what the benchmark projects printed ("bench KEY VALUE" lines: 100 ns ticks and bytes) and scales it to
    /// an ESP32 at 240 MHz. The factor comes from one public figure and one measured here: a managed loop of
    /// GpioPin.Toggle() (a native call) gives an 81 kHz square wave on the ESP32_PSRAM_REV3 image and 27 kHz on
    /// ESP32_REV3 (nanoFramework Home issue #1013, firmware 1.8.0.6), two toggles a period, so 162,000 and 54,000
    /// iterations a second; the benchmark times the same shape of loop (one InternalCall of mscorlib) here. The range
    /// is the two images; the interpreter here and the runtime there are the same code, so one factor covers managed
    /// code and the runtime's native parts alike (a first-order estimate: flash caches and the ESP32's GPIO driver
    /// are not modelled). Benchmarks report, they never fail on a figure. The machine is shared, so the benchmark runs several times and a
    /// figure is the least (or the median) of all runs' samples.
    /// </summary>
    public static class BenchReport
    {
        /// <summary>Iterations a second of the toggle loop on the two ESP32 images (two toggles per period).</summary>
        public const double Esp32PsramIterationsPerSecond = 2 * 81000;
        public const double Esp32IterationsPerSecond = 2 * 27000;

        public static void Print(List<DeviceTestResult> results)
        {
            Dictionary<string, List<long>> values = new Dictionary<string, List<long>>(StringComparer.Ordinal);
            List<(string Name, long Ram, long Rom, long Metadata)> loaded = new List<(string, long, long, long)>();
            foreach (DeviceTestResult result in results)
            {
                bool loading = false;
                foreach (string raw in result.Output.Split('\n'))
                {
                    string line = raw.TrimEnd('\r');
                    Match bench = Regex.Match(line, @"^bench ([a-z0-9-]+) (-?\d+)$");
                    if (bench.Success)
                    {
                        if (!values.TryGetValue(bench.Groups[1].Value, out List<long> list))
                        {
                            values[bench.Groups[1].Value] = list = new List<long>();
                        }

                        list.Add(long.Parse(bench.Groups[2].Value, CultureInfo.InvariantCulture));
                    }

                    loading = line == "bench-mark load-begin" || (loading && line != "bench-mark load-end");
                    Match assembly = Regex.Match(line, @"^\s*Assembly: (\S+) \([^)]*\)\s+\((\d+) RAM - (\d+) ROM - (\d+) METADATA\)");
                    if (loading && assembly.Success && result == results[0])
                    {
                        loaded.Add((assembly.Groups[1].Value, long.Parse(assembly.Groups[2].Value, CultureInfo.InvariantCulture),
                            long.Parse(assembly.Groups[3].Value, CultureInfo.InvariantCulture), long.Parse(assembly.Groups[4].Value, CultureInfo.InvariantCulture)));
                    }
                }
            }

            Console.WriteLine();
            if (!values.ContainsKey("native-loop-ticks") || !values.ContainsKey("loop-iterations"))
            {
                Console.WriteLine("no scale figure was measured: nothing to summarise");
                return;
            }

            double loopNanoseconds = Least(values, "native-loop-ticks") * 100.0 / values["loop-iterations"][0];
            double low = 1e9 / Esp32PsramIterationsPerSecond / loopNanoseconds;
            double high = 1e9 / Esp32IterationsPerSecond / loopNanoseconds;
            Console.WriteLine("Benchmarks on the nanoCLR interpreter (this machine), scaled to an ESP32 at 240 MHz");
            Console.WriteLine($"scale: a loop around one native call takes {loopNanoseconds:0} ns an iteration here (least of {values["native-loop-ticks"].Count}; " +
                $"an empty loop {Least(values, "empty-loop-ticks") * 100.0 / values["loop-iterations"][0]:0} ns); a GpioPin.Toggle() loop takes " +
                $"{1e9 / Esp32PsramIterationsPerSecond / 1000:0.0} µs on ESP32_PSRAM_REV3 and {1e9 / Esp32IterationsPerSecond / 1000:0.0} µs on ESP32_REV3 " +
                $"(Home #1013): an ESP32 is {low:0}× to {high:0}× slower");
            Console.WriteLine("Each figure is the least of all runs' samples (" + results.Count + " runs).");
            Console.WriteLine();
            Console.WriteLine($"| {"figure",-58} | {"here",11} | {"ESP32 (×" + low.ToString("0", CultureInfo.InvariantCulture) + " to ×" + high.ToString("0", CultureInfo.InvariantCulture) + ")",22} | {"goal",9} |");
            Console.WriteLine($"| {new string('-', 58)} | {new string('-', 10)}: | {new string('-', 21)}: | {new string('-', 9)} |");
            void Row(string figure, double milliseconds, string goal = "")
            {
                Console.WriteLine($"| {figure,-58} | {Time(milliseconds),11} | {Time(milliseconds * low) + " to " + Time(milliseconds * high),22} | {goal,9} |");
            }

            // The least sample: on a shared machine the least is the nearest to the cost itself.
            double Ms(string key) => Least(values, key) / 10000.0;
            if (values.ContainsKey("load-ticks"))
            {
                Row($"bundle load ({values["assemblies"][0]} assemblies, {values["image-bytes"][0]:N0} bytes), SHA-256 checked", Ms("load-ticks"));
                Row("  of it: SHA-256 of the image", Ms("hash-ticks"));
                Row("  of it: Assembly.Load and the entry type (the rest)", Ms("load-ticks") - Ms("hash-ticks") - Ms("read-ticks"));
                values["wake-logic-ticks"] = values["wake-sample-ticks"].Zip(values["wake-sample-flash-ticks"], (wake, flash) => wake - flash).ToList();
                Row("first wake after the load (cold)", Ms("wake-first-ticks"));
                Row("battery wake: construct, sample, append, commit, plan", Ms("wake-sample-ticks"));
                Row("  the same without the flash adapter (wake logic)", Ms("wake-logic-ticks"), "< 50 ms");
                Row("  of a wake: reading the configuration", Ms("configure-ticks"));
                Row("  of a wake: constructing the loop (reads the state store)", Ms("construct-ticks"));
                Row("radio session without network I/O (radio wake − battery wake)", Ms("wake-radio-ticks") - Ms("wake-sample-ticks"));
                if (values.ContainsKey("log-mount-full-ticks"))
                {
                    Row("mount of a full reading log (52 sectors, a boot's in the steady state)", Ms("log-mount-full-ticks"));
                }

                Row("Ed25519 verification", Ms("ed25519-ticks"), "< 3 s");
            }

            double sha = values["sha256-bytes"][0] / (Least(values, "sha256-ticks") / 1e7);
            Console.WriteLine($"| {"SHA-256 throughput (64 KiB)",-58} | {sha / 1e6,8:0.00} MB/s | {sha / low / 1e3,6:0} to {sha / high / 1e3,4:0} KB/s | {"",9} |");
            if (loaded.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine("Memory the bundle holds after the load, as the interpreter reports each assembly it loads: its .pe stays in the managed");
                Console.WriteLine("heap (Assembly.Load(byte[]) keeps the array) and its runtime structures take the RAM column (one run).");
                Console.WriteLine($"| {"assembly",-18} | {".pe (heap)",10} | {"RAM",6} | {"metadata",9} |");
                Console.WriteLine($"| {new string('-', 18)} | {new string('-', 9)}: | {new string('-', 5)}: | {new string('-', 8)}: |");
                foreach (var a in loaded)
                {
                    Console.WriteLine($"| {a.Name,-18} | {a.Rom,10:N0} | {a.Ram,6:N0} | {a.Metadata,9:N0} |");
                }

                Console.WriteLine($"| {"total",-18} | {loaded.Sum(a => a.Rom),10:N0} | {loaded.Sum(a => a.Ram),6:N0} | {loaded.Sum(a => a.Metadata),9:N0} |");
                Console.WriteLine($"held after the load: {loaded.Sum(a => a.Rom + a.Ram):N0} bytes of managed heap (.pe arrays and RAM)");
            }
        }

        private static string Time(double milliseconds)
        {
            return milliseconds >= 1000 ? (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s"
                : milliseconds.ToString(milliseconds >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " ms";
        }

        private static double Least(Dictionary<string, List<long>> values, string key)
        {
            return values.TryGetValue(key, out List<long> list) ? list.Min() : double.NaN;
        }
    }
}
