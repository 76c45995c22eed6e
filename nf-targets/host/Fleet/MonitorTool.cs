using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Host.Fleet.Monitoring;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// <c>fleet monitor</c>: the back end's metrics from MQTT alone, against any broker a fleet publishes to, written as
    /// metrics.json and index.html every <c>--every</c> and when it stops (Ctrl+C, or <c>--until-idle</c> without a message).
    /// </summary>
    public static class MonitorTool
    {
        public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel)
        {
            RootCommand command = new RootCommand("firmware-twin fleet monitor: activation, connectivity uptime, update success, monthly active devices, health, readings, "
                + "backlog and battery distributions and rollout progress, from the devices' status, events and telemetry on MQTT alone.");
            Option<string> broker = new Option<string>("--broker") { HelpName = "URL", Description = "the fleet's broker, mqtt://HOST:PORT (required)", Required = true };
            Option<string> outDirectory = new Option<string>("--out") { HelpName = "DIR", Description = "where metrics.json and index.html go (default: fleet-monitor)" };
            Option<string> prefix = new Option<string>("--prefix") { HelpName = "P", Description = "the devices' topic prefix (default: sensors)" };
            Option<string> share = new Option<string>("--share") { HelpName = "GROUP", Description = "subscribe through MQTT 5 shared subscriptions ($share/GROUP/...): instances of one group split the messages" };
            Option<string> untilIdle = new Option<string>("--until-idle") { HelpName = "D", Description = "stop once no message came for this long (real time), e.g. 30s (default: run until Ctrl+C)" };
            Option<string> every = new Option<string>("--every") { HelpName = "D", Description = "write the report this often (real time; default: 1m)" };
            foreach (Option option in new Option[] { broker, outDirectory, prefix, share, untilIdle, every })
            {
                command.Options.Add(option);
            }

            ParseResult parsed = command.Parse(args);
            if (parsed.Action is not null && parsed.Errors.Count == 0)
            {
                return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
            }

            string problem = parsed.Errors.Count > 0 ? string.Join("\n       ", parsed.Errors.Select(e => e.Message)) : null;
            BrokerAddress address = problem == null ? BrokerAddress.Parse(parsed.GetValue(broker), out problem) : null;
            TimeSpan idle = TimeSpan.Zero;
            TimeSpan period = TimeSpan.FromMinutes(1);
            if (problem == null && parsed.GetValue(untilIdle) is string idleText && !(DurationText.TryParse(idleText, out idle, out problem) && idle > TimeSpan.Zero))
            {
                problem = "--until-idle: " + (problem ?? "a positive duration");
            }

            if (problem == null && parsed.GetValue(every) is string everyText && !(DurationText.TryParse(everyText, out period, out problem) && period >= TimeSpan.FromSeconds(1)))
            {
                problem = "--every: " + (problem ?? "at least 1s");
            }

            if (problem != null)
            {
                error.WriteLine("error: " + problem);
                return TwinExitCodes.Usage;
            }

            string directory = parsed.GetValue(outDirectory) ?? "fleet-monitor";
            FleetMonitor started;
            try
            {
                started = FleetRun.StartReceiver(() => FleetMonitor.Start(address.Host, address.Port, parsed.GetValue(prefix) ?? "sensors", parsed.GetValue(share)), address.Host, address.Port);
            }
            catch (FleetBrokerUnreachableException e)
            {
                return FleetTool.Stopped(e, error);
            }

            using FleetMonitor monitor = started;
            output.WriteLine($"monitoring {address}{(parsed.GetValue(share) != null ? $" in share group {parsed.GetValue(share)}" : string.Empty)}; report in {directory}");
            DateTime nextWrite = DateTime.UtcNow + period;
            while (!cancel.IsCancellationRequested && !(idle > TimeSpan.Zero && monitor.Messages > 0 && monitor.Idle > idle))
            {
                cancel.WaitHandle.WaitOne(250);
                if (DateTime.UtcNow >= nextWrite)
                {
                    MonitorOutput.Write(monitor.Metrics(), directory, "Fleet monitor");
                    nextWrite = DateTime.UtcNow + period;
                }
            }

            FleetMetrics metrics = monitor.Metrics();
            MonitorOutput.Write(metrics, directory, "Fleet monitor");
            output.WriteLine($"{metrics.Messages:N0} messages: {metrics.Activated} of {metrics.Registered} devices activated, uptime {100 * metrics.ConnectivityUptime:0.0} %, "
                + $"{metrics.ReadingsDelivered:N0} readings delivered, health {metrics.HealthScore:0.0}; {Path.Combine(directory, "index.html")}");
            return TwinExitCodes.Success;
        }
    }
}
