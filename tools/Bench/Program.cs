using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.Tools.Bench.Crypto;
using Firmware.Tools.Bench.Ota;
using Firmware.Tools.Bench.Power;

namespace Firmware.Tools.Bench
{
    /// <summary>Runs one named scenario: dotnet run --project tools/Bench -- SCENARIO [options].</summary>
    public static class Program
    {
        private static readonly Dictionary<string, (string Description, Func<string[], int> Run)> Scenarios =
            new Dictionary<string, (string, Func<string[], int>)>(StringComparer.Ordinal)
            {
                ["crypto"] = ("Ed25519 verification, SHA-256 and SHA-512 against BouncyCastle: rates, allocations, multiplies per verification (docs/ota.md) [seconds per measurement, default 3]", CryptoBenchmark.Run),
                ["ota-resume"] = ("bytes an interrupted OTA download fetches twice, cut by a dropped link or a power cut at every point (docs/ota.md)", OtaResumeBenchmark.Run),
                ["power"] = ("energy per reading and battery life: store-and-forward vs connecting at every sample (docs/power.md)", args => PowerScenario.Run(args, Console.Out)),
                ["storage"] = ("flash bytes and erases per reading, state-store wear, mount cost, allocations (docs/storage.md)", args => { StorageBenchmark.Run(Console.Out); return 0; }),
                ["twin-power"] = ("energy per reading and battery life from host twin runs with the device's own ledger: store-and-forward vs connecting at every sample (docs/power.md)", args => Uplink.TwinPowerScenario.RunScenario(args, Console.Out)),
                ["drain"] = ("radio-on time, bytes and the firmware's work per reading to deliver 10,000 buffered readings over 50 ms of added round trip (docs/uplink.md)", args => Uplink.DrainBenchmark.Run(args, Console.Out)),
                ["outage"] = ("how soon a battery device reaches the broker after a long outage, and the outage's cost, for backoff caps (docs/uplink.md) [--seeds N]", args => Power.OutageRecoveryScenario.Run(args, Console.Out)),
                ["discovery"] = ("what Home Assistant's discovery costs a battery device in its own ledger: twin runs with discovery on and off (docs/homeassistant.md) [durations, default 5m 7d]", args => Uplink.DiscoveryCostScenario.Run(args, Console.Out)),
                ["allocations"] = ("bytes the firmware allocates per sample, per battery wake and per radio session (docs/uplink.md)", args => { Uplink.AllocationProbe.Print(Uplink.AllocationProbe.Measure(), Console.Out); return 0; }),
            };

        public static int Main(string[] args)
        {
            if (args.Length == 0 || !Scenarios.TryGetValue(args[0], out var scenario))
            {
                Console.Error.WriteLine(args.Length == 0 ? "which scenario?" : $"no scenario '{args[0]}'");
                Console.Error.WriteLine("usage: dotnet run -c Release --project tools/Bench -- SCENARIO [options]");
                foreach (var entry in Scenarios.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    Console.Error.WriteLine($"  {entry.Key,-10} {entry.Value.Description}");
                }

                return 2;
            }

            return scenario.Run(args.Skip(1).ToArray());
        }
    }
}
