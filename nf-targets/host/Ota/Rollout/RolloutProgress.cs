using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>
    /// A rollout's progress: what it publishes retained on fleet/rollout after every change (the fleet monitor shows it)
    /// and prints. Times are Unix ms.
    /// </summary>
    public sealed class RolloutProgress
    {
        public static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public string Release { get; init; }

        /// <summary>The release a fleet rollback announces again, or null.</summary>
        public string Previous { get; init; }

        public string Phase { get; init; }

        public string Reason { get; init; }

        public long At { get; init; }

        public long StartedAt { get; init; }

        public long PhaseAt { get; init; }

        /// <summary>Waves begun so far.</summary>
        public int WavesBegun { get; init; }

        public double FailureThreshold { get; init; }

        public double SoakHours { get; init; }

        public double ConfirmTimeoutHours { get; init; }

        /// <summary>Devices heard from; devices targeted (in a wave begun); their states; announces withdrawn.</summary>
        public int Heard { get; init; }

        public int Targeted { get; init; }

        public int Updated { get; init; }

        public int Failed { get; init; }

        public int Pending { get; init; }

        public int Session { get; init; }

        public int Withdrawn { get; init; }

        /// <summary>Fleet rollback: devices the previous release was announced to again, and those that run it again.</summary>
        public int RollbackAnnounced { get; init; }

        public int RolledBack { get; init; }

        public List<RolloutWave> Waves { get; init; } = new List<RolloutWave>();

        /// <summary>Failed devices with why; devices still without a session since their announce; registry devices never heard.</summary>
        public List<string> FailedDevices { get; init; } = new List<string>();

        public List<string> PendingDevices { get; init; } = new List<string>();

        public List<string> NotReached { get; init; } = new List<string>();

        /// <summary>The progress as a few lines of text.</summary>
        public void Print(TextWriter output)
        {
            output.WriteLine($"rollout of {Release}: {Phase}{(Reason != null ? " (" + Reason + ")" : string.Empty)}");
            output.WriteLine($"  {Heard} devices heard from, {Targeted} targeted: {Updated} updated, {Failed} failed, {Session} in a session without an outcome yet, {Pending} pending (no session since the announce); {Withdrawn} announces withdrawn");
            for (int i = 0; i < Waves.Count; i++)
            {
                RolloutWave w = Waves[i];
                string when = w.StartedAt is long started ? "began " + System.DateTimeOffset.FromUnixTimeMilliseconds(started).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "not begun";
                output.WriteLine($"  wave {i + 1} ({w.Percent.ToString(CultureInfo.InvariantCulture)} %) {when}: {w.Devices} devices, {w.Updated} updated, {w.Failed} failed ({100 * w.FailureRate:0.#} %), "
                    + $"{w.Session} in a session, {w.Pending} pending" + (w.Expired.Count > 0 ? $"; expired (no session in the soak): {FirstTen(w.Expired)}" : string.Empty)
                    + (w.Lost.Count > 0 ? $"; lost after accepting (not heard for the confirm timeout): {FirstTen(w.Lost)}" : string.Empty));
            }

            if (RollbackAnnounced > 0)
            {
                output.WriteLine($"  rollback to {Previous}: announced to {RollbackAnnounced} devices, {RolledBack} run it again");
            }

            foreach (string failed in FailedDevices.Take(10))
            {
                output.WriteLine("  failed: " + failed);
            }

            if (NotReached.Count > 0)
            {
                output.WriteLine($"  not reached (in the registry, never heard from): {NotReached.Count}: {FirstTen(NotReached)}");
            }
        }

        /// <summary>The first ten ids, comma-separated, and "..." when there are more.</summary>
        private static string FirstTen(List<string> ids) => string.Join(", ", ids.Take(10)) + (ids.Count > 10 ? ", ..." : string.Empty);
    }
}
