using System.Collections.Generic;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>
    /// Everything a rollout must remember to be stopped and resumed: its plan, its release (and the previous one, for a
    /// fleet rollback), where it stands, when each wave began, every device heard and every targeted device's state.
    /// Written whole to its state file after every change (<see cref="RolloutStateFile"/>).
    /// </summary>
    public sealed class RolloutState
    {
        /// <summary>The file's kind and format, checked when it is read.</summary>
        public string Kind { get; set; } = RolloutStateFile.Kind;

        public int Format { get; set; } = RolloutStateFile.Format;

        /// <summary>The devices' topic prefix (&lt;prefix&gt;/&lt;device&gt;/ota).</summary>
        public string Prefix { get; set; } = "sensors";

        /// <summary>The MQTT client id of the rollout's persistent session: a resumed rollout gets what came meanwhile.</summary>
        public string ClientId { get; set; }

        public RolloutPlan Plan { get; set; } = new RolloutPlan();

        public RolloutRelease Release { get; set; }

        /// <summary>The release a fleet rollback announces again, or null.</summary>
        public RolloutRelease Previous { get; set; }

        public string Phase { get; set; } = RolloutPhase.Running;

        /// <summary>Why it halted, was aborted or rolled back, or null.</summary>
        public string Reason { get; set; }

        /// <summary>When it started and when its phase last changed, Unix ms.</summary>
        public long StartedAt { get; set; }

        public long PhaseAt { get; set; }

        /// <summary>When each wave began, Unix ms: one entry per wave begun.</summary>
        public List<long> WaveStarts { get; set; } = new List<long>();

        /// <summary>Every device heard from (any status or event of it), by id: its profile and the firmware its last status named.</summary>
        public SortedDictionary<string, HeardDevice> Heard { get; set; } = new SortedDictionary<string, HeardDevice>(System.StringComparer.Ordinal);

        /// <summary>The registry's devices (fleet/inventory) by id, with their profile: those never heard are "not reached".</summary>
        public SortedDictionary<string, string> Registry { get; set; } = new SortedDictionary<string, string>(System.StringComparer.Ordinal);

        /// <summary>Every targeted device, by id.</summary>
        public SortedDictionary<string, DeviceRollout> Devices { get; set; } = new SortedDictionary<string, DeviceRollout>(System.StringComparer.Ordinal);
    }
}
