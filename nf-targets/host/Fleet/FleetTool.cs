using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// The twin's <c>fleet</c> command: a fleet of simulated devices on one time line against one broker
    /// (<see cref="FleetRun"/>), and <c>fleet monitor</c>, the back end's metrics from MQTT alone. Exit codes: 0 the run
    /// ended and no reading was lost, 1 readings were lost or the simulation failed, 2 bad usage or input.
    /// </summary>
    public static class FleetTool
    {
        public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel)
        {
            if (args.Length > 0 && args[0] == "monitor")
            {
                return MonitorTool.Run(args.Skip(1).ToArray(), output, error, cancel);
            }

            RootCommand command = new RootCommand("firmware-twin fleet: N simulated devices (the firmware's own code each) on one simulated time line against one broker; "
                + "the simulator's ground truth set against what the broker delivered, and what it cost.");
            Option<int> devices = new Option<int>("--devices") { HelpName = "N", Description = "devices in the fleet (default: the mix's, 1000)" };
            Option<double> days = new Option<double>("--days") { HelpName = "D", Description = "simulated days (default: the mix's, 30)" };
            Option<int> seed = new Option<int>("--seed") { HelpName = "N", Description = "seed of every draw of the mix (default: the mix's, 1)" };
            Option<string> mixFile = new Option<string>("--mix") { HelpName = "FILE", Description = "the fleet's mix as JSON (kinds, Wi-Fi classes, never set up, offline for days, power cuts, batteries; --print-mix shows the default)" };
            Option<bool> printMix = new Option<bool>("--print-mix") { Description = "print the default mix as JSON and stop" };
            Option<string> broker = new Option<string>("--broker") { HelpName = "URL", Description = "an MQTT broker, mqtt://HOST:PORT (default: mosquitto started for the run when installed, else the embedded broker)" };
            Option<string> window = new Option<string>("--window") { HelpName = "D", Description = "how far devices may run apart in simulated time (default: 30m)" };
            Option<int> workers = new Option<int>("--workers") { HelpName = "N", Description = "threads that run the battery devices' boots (default: 64)" };
            Option<string> monitor = new Option<string>("--monitor") { HelpName = "DIR", Description = "run the monitor beside the fleet and write its metrics.json and index.html there" };
            Option<string> report = new Option<string>("--report") { HelpName = "FILE", Description = "write the JSON report (ground truth per device, the cost) there" };
            Option<string> scenario = new Option<string>("--scenario") { HelpName = "NAME", Description = "reference: release A (crashes at boot on esp32-wroom-liion) rolled out on day 3 must halt in its first wave, its fix B on day 6 must reach every device; checked against the ground truth (monitor in --monitor, default fleet-reference; releases and rollout state files in its rollout folder)" };
            foreach (Option option in new Option[] { devices, days, seed, mixFile, printMix, broker, window, workers, monitor, report, scenario })
            {
                command.Options.Add(option);
            }

            ParseResult parsed = command.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                error.WriteLine("error: " + string.Join("\n       ", parsed.Errors.Select(e => e.Message)));
                return TwinExitCodes.Usage;
            }

            if (parsed.Action is not null)
            {
                // --help
                return parsed.Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
            }

            if (parsed.GetValue(printMix))
            {
                output.WriteLine(FleetMix.Default().ToJson());
                return TwinExitCodes.Success;
            }

            FleetOptions options = new FleetOptions();
            try
            {
                string mixPath = parsed.GetValue(mixFile);
                options.Mix = mixPath != null ? FleetMix.Read(mixPath) : FleetMix.Default();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                error.WriteLine("error: --mix: " + e.Message);
                return TwinExitCodes.Usage;
            }

            if (parsed.GetResult(devices) != null)
            {
                options.Mix.Devices = parsed.GetValue(devices);
            }

            if (parsed.GetResult(days) != null)
            {
                options.Mix.Days = parsed.GetValue(days);
            }

            if (parsed.GetResult(seed) != null)
            {
                options.Mix.Seed = parsed.GetValue(seed);
            }

            string problem = options.Mix.Check();
            if (problem == null && parsed.GetValue(broker) is string url)
            {
                BrokerAddress address = BrokerAddress.Parse(url, out problem);
                if (address != null && address.Tls)
                {
                    problem = "--broker: the fleet speaks plain MQTT (mqtt://); TLS is the single twin's (--broker mqtts://)";
                }
                else if (address != null)
                {
                    options.BrokerHost = address.Host;
                    options.BrokerPort = address.Port;
                }
            }

            if (problem == null && parsed.GetValue(window) is string span)
            {
                if (DurationText.TryParse(span, out TimeSpan value, out string why) && value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromDays(1))
                {
                    options.Window = value;
                }
                else
                {
                    problem = "--window: " + (why ?? "from 1s to 1d");
                }
            }

            if (problem == null && parsed.GetResult(workers) != null)
            {
                options.Workers = parsed.GetValue(workers);
                problem = options.Workers >= 1 && options.Workers <= 1024 ? null : "--workers: 1 to 1024";
            }

            if (problem != null)
            {
                error.WriteLine("error: " + problem);
                return TwinExitCodes.Usage;
            }

            options.ReportFile = parsed.GetValue(report);
            options.MonitorDirectory = parsed.GetValue(monitor);
            if (parsed.GetValue(scenario) is string name)
            {
                if (name != "reference")
                {
                    error.WriteLine($"error: --scenario: there is one scenario, reference, not '{name}'");
                    return TwinExitCodes.Usage;
                }

                options.MonitorDirectory ??= "fleet-reference";
                ReferenceScenario reference = ReferenceScenario.For(options.Mix.Days);
                reference.Directory = Path.Combine(options.MonitorDirectory, "rollout");
                reference.Plan.Seed = options.Mix.Seed;
                ReferenceScenarioResult outcome;
                try
                {
                    outcome = reference.Run(options, output, cancel);
                }
                catch (Exception e) when (e is InvalidOperationException || e is TimeoutException)
                {
                    return Stopped(e, error);
                }

                outcome.Fleet.Print(output);
                outcome.Print(output);
                output.WriteLine("monitor: " + Path.Combine(options.MonitorDirectory, "index.html"));
                return outcome.Problems().Count == 0 ? TwinExitCodes.Success : 1;
            }

            FleetReport result;
            try
            {
                result = FleetRun.Run(options, output, cancel);
            }
            catch (Exception e) when (e is InvalidOperationException || e is TimeoutException)
            {
                return Stopped(e, error);
            }

            result.Print(output);
            if (options.ReportFile != null)
            {
                output.WriteLine("report: " + options.ReportFile);
            }

            if (options.MonitorDirectory != null)
            {
                output.WriteLine("monitor: " + Path.Combine(options.MonitorDirectory, "index.html"));
            }

            return result.Lost == 0 && result.Failures.Count == 0 ? TwinExitCodes.Success : 1;
        }

        /// <summary>
        /// A run the simulation could not finish (a broker gone for longer than the judge waits, a time line that stopped
        /// moving): said on the error output with its cause, exit code 1; a broker the fleet's receivers could not reach
        /// at the start, exit code 3.
        /// </summary>
        internal static int Stopped(Exception e, TextWriter error)
        {
            if (e is FleetBrokerUnreachableException)
            {
                error.WriteLine("error: " + e.Message);
                return TwinExitCodes.BrokerNeverReached;
            }

            error.WriteLine("error: the fleet stopped: " + e.Message);
            return 1;
        }
    }
}
