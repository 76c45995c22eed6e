using System;
using System.Collections.Generic;

namespace Firmware.Tools.Bench
{
    /// <summary>
    /// Runs one named measurement scenario. Each scenario prints its figures and how they were made; the numbers in
    /// docs come from these runs. Usage: dotnet run -c Release --project tools/Bench -- &lt;scenario&gt; [arguments].
    /// </summary>
    public static class Program
    {
        private static readonly Dictionary<string, (string Description, Func<string[], int> Run)> Scenarios = new Dictionary<string, (string, Func<string[], int>)>
        {
            ["crypto"] = ("Ed25519 verification and SHA-256/512 throughput against BouncyCastle, allocations, multiplies per verification [seconds per measurement, default 3]", CryptoBenchmark.Run),
            ["ota-resume"] = ("bytes fetched again when an OTA download is cut (dropped link or power cut) at every point", OtaResumeBenchmark.Run),
        };

        public static int Main(string[] args)
        {
            if (args.Length == 0 || !Scenarios.TryGetValue(args[0], out var scenario))
            {
                Console.Error.WriteLine(args.Length == 0 ? "which scenario?" : $"unknown scenario '{args[0]}'");
                Console.Error.WriteLine("usage: dotnet run -c Release --project tools/Bench -- <scenario> [arguments]");
                foreach (var s in Scenarios)
                {
                    Console.Error.WriteLine($"  {s.Key,-12} {s.Value.Description}");
                }

                return 2;
            }

            return scenario.Run(args[1..]);
        }
    }
}
