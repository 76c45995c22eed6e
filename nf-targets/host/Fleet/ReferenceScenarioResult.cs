using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Firmware.Host.Fleet.Monitoring;
using Firmware.Host.Ota.Rollout;

namespace Firmware.Host.Fleet
{
    /// <summary>What the reference scenario did: the fleet's report, both rollouts' progress, and the ground truth of who ran which release.</summary>
    public sealed class ReferenceScenarioResult
    {
        public FleetReport Fleet { get; init; }

        public string ReleaseA { get; init; }

        public string ReleaseB { get; init; }

        public string DefectBoard { get; init; }

        /// <summary>Each rollout's progress at its last step (A's when B began).</summary>
        public RolloutProgress RolloutA { get; init; }

        public RolloutProgress RolloutB { get; init; }

        public HashSet<string> TargetedByB { get; init; }

        /// <summary>Devices whose loader ever booted A (the ground truth), those of them on the defective board, and those of the board still on A at the end.</summary>
        public List<string> RanA { get; init; }

        public List<string> AffectedRanA { get; init; }

        public List<string> StillOnA { get; init; }

        /// <summary>Devices that reached the broker at least once.</summary>
        public List<string> Activated { get; init; }

        /// <summary>Activated devices that had a session after B was announced to them (after its rollout began, for those it never targeted), those of them that run B at the end, and the activated devices that had none.</summary>
        public List<string> SessionDuringB { get; init; }

        public List<string> RunB { get; init; }

        public List<string> NoSessionDuringB { get; init; }

        public double WallSeconds { get; init; }

        public int Devices => Fleet.Devices.Count;

        public double ShareRanA => Devices == 0 ? 0 : (double)RanA.Count / Devices;

        public double SuccessB => SessionDuringB.Count == 0 ? 0 : (double)RunB.Count / SessionDuringB.Count;

        /// <summary>Every check of the scenario that does not hold, in words; empty when it passed.</summary>
        public List<string> Problems()
        {
            List<string> problems = new List<string>();
            void Check(bool holds, string what)
            {
                if (!holds)
                {
                    problems.Add(what);
                }
            }

            Check(Fleet.Failures.Count == 0, "simulation failures: " + string.Join("; ", Fleet.Failures.Take(3)));
            Check(Fleet.Lost == 0, $"{Fleet.Lost} readings lost");
            Check(RolloutA != null && RolloutA.Phase == RolloutPhase.Halted && RolloutA.WavesBegun == 1, $"the rollout of {ReleaseA} did not halt in its first wave: {RolloutA?.Phase}, {RolloutA?.WavesBegun} waves ({RolloutA?.Reason})");
            Check(AffectedRanA.Count > 0, $"no device of {DefectBoard} booted {ReleaseA}: the canary missed the board");
            Check(StillOnA.Count == 0, $"devices of {DefectBoard} still on {ReleaseA}: {string.Join(", ", StillOnA)}");
            Check(RolloutA == null || RanA.Count <= RolloutA.Waves[0].Devices, $"{RanA.Count} devices ran {ReleaseA}, more than its canary of {RolloutA?.Waves[0].Devices}");
            if (RolloutA != null && RolloutA.Waves[0].Devices < 0.01 * Devices)
            {
                // Checked where the canary itself is under 1 % of the fleet (a canary holds a device of every profile).
                Check(ShareRanA < 0.01, $"{100 * ShareRanA:0.##} % of the fleet ran {ReleaseA}, not fewer than 1 %");
            }

            Check(RolloutB != null && RolloutB.Phase == RolloutPhase.Complete && RolloutB.WavesBegun == RolloutB.Waves.Count, $"the rollout of {ReleaseB} did not complete: {RolloutB?.Phase}, {RolloutB?.WavesBegun} waves ({RolloutB?.Reason})");
            Check(SuccessB >= 0.99, $"{ReleaseB} runs on {RunB.Count} of {SessionDuringB.Count} devices that had a session during its rollout ({100 * SuccessB:0.##} %), below 99 %: not on it: {string.Join(", ", SessionDuringB.Except(RunB).Take(10))}");
            List<string> untargeted = SessionDuringB.Where(id => !TargetedByB.Contains(id)).ToList();
            Check(untargeted.Count == 0, $"devices heard during the rollout of {ReleaseB} that it never targeted: {string.Join(", ", untargeted.Take(10))}");

            FleetMetrics monitor = Fleet.Monitor;
            GroundTruth truth = Fleet.Truth;
            if (monitor == null)
            {
                problems.Add("no monitor ran");
                return problems;
            }

            Check(monitor.Activated == truth.Activated, $"activated: monitor {monitor.Activated}, truth {truth.Activated}");
            Check(Math.Abs(monitor.ActivationRate - truth.ActivationRate) < 1e-9, $"activation rate: monitor {monitor.ActivationRate}, truth {truth.ActivationRate}");
            Check(monitor.MonthlyActiveDevices == truth.MonthlyActiveDevices, $"monthly active: monitor {monitor.MonthlyActiveDevices}, truth {truth.MonthlyActiveDevices}");
            Check(monitor.ReadingsDelivered == truth.ReadingsDelivered, $"readings delivered: monitor {monitor.ReadingsDelivered}, truth {truth.ReadingsDelivered}");
            Check(Math.Abs(monitor.BatteryUptime - truth.BatteryUptime) <= 0.02, $"battery uptime: monitor {100 * monitor.BatteryUptime:0.0} %, truth {100 * truth.BatteryUptime:0.0} %");
            Check(Math.Abs(monitor.MainsUptime - truth.MainsUptime) <= 0.03, $"mains uptime: monitor {100 * monitor.MainsUptime:0.0} %, truth {100 * truth.MainsUptime:0.0} %");
            Check(Math.Abs(monitor.MeanBatteryPercent - truth.MeanBatteryPercent) <= 1.5, $"mean battery: monitor {monitor.MeanBatteryPercent:0.0} %, truth {truth.MeanBatteryPercent:0.0} %");
            // Both by one definition (UpdateSuccess): updated over updated, rolled back and refused.
            Check(monitor.UpdateSuccessRate.HasValue && truth.UpdateSuccessRate.HasValue && Math.Abs(monitor.UpdateSuccessRate.Value - truth.UpdateSuccessRate.Value) <= 0.02,
                $"update success rate: monitor {monitor.UpdateSuccessRate:0.000}, truth {truth.UpdateSuccessRate:0.000}");
            long monitorRefused = Refused(monitor);
            Check(monitorRefused <= truth.Refused && truth.Refused - monitorRefused <= Math.Max(1, truth.Refused / 100), $"refusals: monitor {monitorRefused}, truth {truth.Refused}");
            foreach (string version in new[] { ReleaseA, ReleaseB })
            {
                int monitorUpdated = Count(monitor.UpdateOutcomes, version, "updated");
                int truthUpdated = Count(truth.UpdateOutcomes, version, "updated");
                int monitorRolledBack = Count(monitor.UpdateOutcomes, version, "rolled-back");
                int truthRolledBack = Count(truth.UpdateOutcomes, version, "rolled-back");
                // An outcome is published at the session after it (one at the very end may not be yet), at least once; the
                // monitor counts each (device, outcomeId) once, so it may trail the truth but never pass it.
                Check(monitorUpdated <= truthUpdated && truthUpdated - monitorUpdated <= Math.Max(1, truthUpdated / 100), $"{version} updated: monitor {monitorUpdated}, truth {truthUpdated}");
                Check(monitorRolledBack <= truthRolledBack && truthRolledBack - monitorRolledBack <= Math.Max(1, truthRolledBack / 100), $"{version} rolled back: monitor {monitorRolledBack}, truth {truthRolledBack}");
            }

            int runningDiffers = truth.Running.Keys.Union(monitor.Running.Keys).Sum(v => Math.Abs(truth.Running.GetValueOrDefault(v) - monitor.Running.GetValueOrDefault(v)));
            // The monitor knows what a device runs from its last status, which comes at its next session after a boot.
            Check(runningDiffers <= Math.Max(2, Devices / 100), $"devices by firmware: monitor {Text(monitor.Running)}, truth {Text(truth.Running)}");
            return problems;
        }

        public void Print(TextWriter output)
        {
            output.WriteLine();
            output.WriteLine($"reference scenario: {Devices} devices, {Fleet.Scale.SimulatedDays:0.##} days, {WallSeconds:0} s of wall time");
            RolloutA?.Print(output);
            output.WriteLine($"  {RanA.Count} devices ever ran {ReleaseA} ({100 * ShareRanA:0.##} % of the fleet): {AffectedRanA.Count} of them on {DefectBoard}, {StillOnA.Count} of those still on it");
            RolloutB?.Print(output);
            output.WriteLine($"  {ReleaseB} runs on {RunB.Count} of the {SessionDuringB.Count} activated devices that had a session during its rollout ({100 * SuccessB:0.##} %); "
                + $"{NoSessionDuringB.Count} activated devices had none: {string.Join(", ", NoSessionDuringB.Take(20))}{(NoSessionDuringB.Count > 20 ? ", ..." : string.Empty)}");
            GroundTruth truth = Fleet.Truth;
            if (Fleet.Monitor != null)
            {
                output.WriteLine($"  update success rate   monitor {100 * Fleet.Monitor.UpdateSuccessRate ?? 0,6:0.0} %   truth {100 * truth.UpdateSuccessRate ?? 0,6:0.0} %");
                output.WriteLine($"  devices by firmware   monitor {Text(Fleet.Monitor.Running)}   truth {Text(truth.Running)}");
                output.WriteLine($"  outcomes by version   monitor {Text(Fleet.Monitor.UpdateOutcomes)} ({Fleet.Monitor.UpdateOutcomesRepeated} received again, not counted)   truth {Text(truth.UpdateOutcomes)}");
                output.WriteLine($"  refusals              monitor {Refused(Fleet.Monitor)}   truth {truth.Refused}");
            }

            List<string> problems = Problems();
            output.WriteLine(problems.Count == 0 ? "reference scenario: every check holds" : "reference scenario FAILED:\n  " + string.Join("\n  ", problems));
        }

        /// <summary>The refusals the monitor counted, all versions.</summary>
        private static long Refused(FleetMetrics monitor) => monitor.UpdateOutcomes.Values.Sum(byOutcome => byOutcome.GetValueOrDefault(UpdateSuccess.Refused));

        private static int Count(SortedDictionary<string, SortedDictionary<string, int>> outcomes, string version, string outcome) =>
            outcomes.TryGetValue(version, out SortedDictionary<string, int> byOutcome) ? byOutcome.GetValueOrDefault(outcome) : 0;

        private static string Text(SortedDictionary<string, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));

        private static string Text(SortedDictionary<string, SortedDictionary<string, int>> outcomes) =>
            string.Join("; ", outcomes.Select(v => $"{v.Key}: {Text(v.Value)}"));
    }
}
