using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>
    /// <c>ota rollout start|resume|status|abort|rollback</c>: a staged rollout of a signed release against a broker, its
    /// state in a file. Exit codes: 0 the rollout completed (or rolled back, or the command did what it was asked), 1 the
    /// rollout halted itself or was aborted, 2 bad usage, a bad file or a state file that does not fit, 3 the broker
    /// could not be reached.
    /// </summary>
    public static class RolloutTool
    {
        public const int Halted = 1;

        public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel)
        {
            RootCommand root = new RootCommand("firmware-twin ota rollout: a staged rollout of a signed release over the devices' announce topics (<prefix>/<device>/ota, retained), "
                + "in waves of the devices heard from (the first, the canary, holds a device of every hardware profile in fleet/inventory), each soaking before the next; "
                + "it halts by itself when a wave's failed devices over its decided ones pass the threshold and withdraws the announces not taken. Its state is kept in a file "
                + "(written after every change), so it can be stopped and resumed; its progress is published retained on fleet/rollout.");
            Option<string> state = new Option<string>("--state") { HelpName = "FILE", Description = "the rollout's state file (JSON)", Required = true };
            Option<string> broker = new Option<string>("--broker") { HelpName = "URL", Description = "the fleet's broker, mqtt://HOST:PORT", Required = true };
            Option<string> manifest = new Option<string>("--manifest") { HelpName = "FILE", Description = "the release's signed manifest (ota sign)" };
            Option<string> prefix = new Option<string>("--prefix") { HelpName = "P", Description = "the devices' topic prefix (default: sensors)" };
            Option<string> waves = new Option<string>("--waves") { HelpName = "LIST", Description = "cumulative percentages of the devices heard from, the last 100 (default: 0.5,5,25,100)" };
            Option<string> soak = new Option<string>("--soak") { HelpName = "D", Description = "how long each wave soaks before the next begins (default: 1d)" };
            Option<double> threshold = new Option<double>("--max-failures") { HelpName = "PERCENT", Description = "a wave whose failed over decided devices pass this halts the rollout (default: 2)" };
            Option<string> confirm = new Option<string>("--confirm-timeout") { HelpName = "D", Description = "how long after its first session since the announce a device may take to confirm (default: 1d)" };
            Option<int> seed = new Option<int>("--seed") { HelpName = "N", Description = "orders the devices into waves (default: 1)" };
            Option<string> share = new Option<string>("--share") { HelpName = "GROUP", Description = "take the devices' status and events through an MQTT 5 shared subscription ($share/GROUP/...)" };
            Option<string> every = new Option<string>("--every") { HelpName = "D", Description = "how often the rollout steps (real time; default: 10s)" };
            Option<string> previous = new Option<string>("--previous") { HelpName = "FILE", Description = "the signed manifest of the older release to announce again (rollback)", Required = true };
            Option<string> reason = new Option<string>("--reason") { HelpName = "TEXT", Description = "why (recorded in the state and on fleet/rollout)" };

            Command start = new Command("start", "start a rollout of --manifest and run it until it completes, halts or is stopped (Ctrl+C; resume continues it)");
            Command resume = new Command("resume", "continue the rollout of --state: take what came meanwhile and run it until it completes, halts or is stopped");
            Command status = new Command("status", "print the rollout of --state as its file holds it (no broker)");
            Command abort = new Command("abort", "stop the rollout: no further wave, the announces not taken withdrawn");
            Command rollback = new Command("rollback", "announce --previous (the older release, signed) to every device that took this release, and wait until they run it again");
            foreach (Option option in new Option[] { state, broker, manifest, prefix, waves, soak, threshold, confirm, seed, share, every })
            {
                start.Options.Add(option);
            }

            foreach (Option option in new Option[] { state, broker, manifest, share, every })
            {
                resume.Options.Add(option);
            }

            status.Options.Add(state);
            foreach (Option option in new Option[] { state, broker, reason, share })
            {
                abort.Options.Add(option);
            }

            foreach (Option option in new Option[] { state, broker, previous, share, every })
            {
                rollback.Options.Add(option);
            }

            foreach (Command command in new[] { start, resume, status, abort, rollback })
            {
                root.Subcommands.Add(command);
            }

            ParseResult parsed = root.Parse(args);
            if (parsed.Action is not null && parsed.Errors.Count == 0)
            {
                return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
            }

            if (parsed.Errors.Count > 0 || parsed.CommandResult.Command == root)
            {
                error.WriteLine("error: " + (parsed.Errors.Count > 0 ? string.Join("\n       ", parsed.Errors.Select(e => e.Message)) : "ota rollout needs a command: start, resume, status, abort or rollback (ota rollout --help)"));
                return TwinExitCodes.Usage;
            }

            Command chosen = parsed.CommandResult.Command;
            string statePath = parsed.GetValue(state);
            try
            {
                if (chosen == status)
                {
                    RolloutEngine engine = new RolloutEngine(RolloutStateFile.Load(statePath));
                    engine.Progress(engine.State.PhaseAt).Print(output);
                    return TwinExitCodes.Success;
                }

                BrokerAddress address = BrokerAddress.Parse(parsed.GetValue(broker), out string problem);
                if (address == null || address.Tls)
                {
                    throw new UsageException("--broker: " + (problem ?? "the rollout speaks plain MQTT (mqtt://)"));
                }

                TimeSpan period = Duration(parsed.GetValue(every), "--every", TimeSpan.FromSeconds(10));
                RolloutEngine rollout;
                if (chosen == start)
                {
                    if (File.Exists(statePath))
                    {
                        throw new RolloutStateException($"the state file '{statePath}' exists: ota rollout resume continues it (a new rollout needs a new file)");
                    }

                    RolloutPlan plan = new RolloutPlan
                    {
                        Waves = parsed.GetValue(waves) is string list ? RolloutPlan.ParseWaves(list) : new RolloutPlan().Waves,
                        SoakMilliseconds = (long)Duration(parsed.GetValue(soak), "--soak", TimeSpan.FromDays(1)).TotalMilliseconds,
                        ConfirmTimeoutMilliseconds = (long)Duration(parsed.GetValue(confirm), "--confirm-timeout", TimeSpan.FromDays(1)).TotalMilliseconds,
                        FailureThreshold = (parsed.GetResult(threshold) != null ? parsed.GetValue(threshold) : 2) / 100,
                        Seed = parsed.GetResult(seed) != null ? parsed.GetValue(seed) : 1,
                    };
                    string planProblem = plan.Check();
                    if (planProblem != null)
                    {
                        throw new UsageException(planProblem);
                    }

                    RolloutRelease release = Release(parsed.GetValue(manifest) ?? throw new UsageException("--manifest is required to start a rollout"), "--manifest");
                    rollout = RolloutEngine.Start(plan, release, parsed.GetValue(prefix) ?? "sensors", "ota-rollout-" + Guid.NewGuid().ToString("N").Substring(0, 12), 0);
                }
                else
                {
                    rollout = new RolloutEngine(RolloutStateFile.Load(statePath));
                    if (parsed.GetValue(manifest) is string given)
                    {
                        RolloutRelease release = Release(given, "--manifest");
                        if (!release.Manifest.AsSpan().SequenceEqual(rollout.State.Release.Manifest))
                        {
                            throw new RolloutStateException($"the state file '{statePath}' is the rollout of {rollout.State.Release.Version}, another manifest than --manifest ({release.Version}): resume it without --manifest, or start a new rollout with a new file");
                        }
                    }
                }

                using RolloutLink link = Connect(address, rollout.State, parsed.GetValue(share));
                RolloutDriver driver = new RolloutDriver(rollout, link, statePath, TimeSpan.FromSeconds(60));
                if (chosen == start)
                {
                    rollout.State.StartedAt = rollout.State.PhaseAt = link.Now;
                    RolloutStateFile.Save(rollout.State, statePath);
                }

                driver.Catch();
                if (chosen == abort)
                {
                    driver.Apply(rollout.Abort(link.Now, parsed.GetValue(reason)));
                    rollout.Progress(link.Now).Print(output);
                    return TwinExitCodes.Success;
                }

                if (chosen == rollback)
                {
                    driver.Apply(rollout.Rollback(Release(parsed.GetValue(previous), "--previous"), link.Now));
                }

                output.WriteLine($"rollout of {rollout.State.Release.Version} on {address} ({rollout.State.Phase}); state in {statePath}");
                return Watch(driver, link, output, period, cancel);
            }
            catch (RolloutStateException e)
            {
                error.WriteLine("error: " + e.Message);
                return TwinExitCodes.Usage;
            }
            catch (UsageException e)
            {
                error.WriteLine("error: " + e.Message);
                return TwinExitCodes.Usage;
            }
            catch (Exception e) when (e is InvalidDataException || e is FormatException || e is ArgumentException || e is IOException || e is InvalidOperationException && e.Message.Contains("nothing left", StringComparison.Ordinal))
            {
                error.WriteLine("error: " + e.Message);
                return TwinExitCodes.Usage;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException || e is OperationCanceledException || e is TimeoutException)
            {
                error.WriteLine("error: the broker: " + e.Message);
                return TwinExitCodes.BrokerNeverReached;
            }
        }

        /// <summary>Steps the rollout every <paramref name="period"/> until its phase is final (or Ctrl+C), printing each change of wave or phase.</summary>
        private static int Watch(RolloutDriver driver, RolloutLink link, TextWriter output, TimeSpan period, CancellationToken cancel)
        {
            RolloutEngine engine = driver.Engine;
            string said = null;
            while (true)
            {
                driver.Tick(link.Now);
                RolloutProgress progress = engine.Progress(link.Now);
                string now = $"{progress.Phase} wave {progress.WavesBegun}: {progress.Updated} updated, {progress.Failed} failed, {progress.Session + progress.Pending} waiting";
                if (now != said)
                {
                    output.WriteLine($"[{DateTimeOffset.FromUnixTimeMilliseconds(link.Now).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}] {now}");
                    said = now;
                }

                bool final = engine.State.Phase != RolloutPhase.Running && engine.State.Phase != RolloutPhase.RollingBack;
                if (final || cancel.IsCancellationRequested)
                {
                    progress.Print(output);
                    return engine.State.Phase == RolloutPhase.Halted || engine.State.Phase == RolloutPhase.Aborted ? Halted : TwinExitCodes.Success;
                }

                cancel.WaitHandle.WaitOne(period);
            }
        }

        private static RolloutLink Connect(BrokerAddress address, RolloutState state, string share) =>
            RolloutLink.Connect(address.Host, address.Port, state.Prefix, state.ClientId, share, null, TimeSpan.FromSeconds(30));

        private static RolloutRelease Release(string path, string option)
        {
            if (!File.Exists(path))
            {
                throw new UsageException($"{option}: no file '{path}'");
            }

            return RolloutRelease.Of(File.ReadAllBytes(path), $"{option} '{path}'");
        }

        private static TimeSpan Duration(string text, string option, TimeSpan fallback)
        {
            if (text == null)
            {
                return fallback;
            }

            return DurationText.TryParse(text, out TimeSpan value, out string why) && value > TimeSpan.Zero ? value : throw new UsageException($"{option}: {why ?? "a positive duration"}");
        }

        private sealed class UsageException : Exception
        {
            public UsageException(string message)
                : base(message)
            {
            }
        }
    }
}
