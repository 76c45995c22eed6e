namespace Firmware.Host.Ota.Rollout
{
    /// <summary>Where one targeted device stands in a rollout.</summary>
    public static class DeviceState
    {
        /// <summary>Its announce is published and retained; it had no session since.</summary>
        public const string Pending = "pending";

        /// <summary>It had a session since the announce; no outcome yet.</summary>
        public const string Session = "session";

        /// <summary>It runs the release, confirmed (its updated event, or a status with the version off trial).</summary>
        public const string Updated = "updated";

        /// <summary>It rolled back, refused the release, or did not confirm within the timeout.</summary>
        public const string Failed = "failed";

        /// <summary>True once an outcome decided it.</summary>
        public static bool Decided(string state) => state == Updated || state == Failed;
    }
}
