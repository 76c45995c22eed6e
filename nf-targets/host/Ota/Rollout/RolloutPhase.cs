namespace Firmware.Host.Ota.Rollout
{
    /// <summary>Where a rollout stands, as its state file and fleet/rollout say it.</summary>
    public static class RolloutPhase
    {
        /// <summary>Waves go out as their soak times end.</summary>
        public const string Running = "running";

        /// <summary>Every wave went out and the last one's soak ended.</summary>
        public const string Complete = "complete";

        /// <summary>A wave's failure rate passed the threshold: no further wave, the announces not taken withdrawn.</summary>
        public const string Halted = "halted";

        /// <summary>The operator stopped it: no further wave, the announces not taken withdrawn.</summary>
        public const string Aborted = "aborted";

        /// <summary>The previous release is announced again to every device that took this one.</summary>
        public const string RollingBack = "rolling-back";

        /// <summary>Every device that took this release runs the previous one again.</summary>
        public const string RolledBack = "rolled-back";

        /// <summary>True when no further wave goes out.</summary>
        public static bool Stopped(string phase) => phase != Running;
    }
}
