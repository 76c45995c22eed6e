namespace Firmware.Host.Ota.Rollout
{
    /// <summary>A device the rollout heard from: when it was last heard, what it runs and whether its session was open.</summary>
    public sealed class HeardDevice
    {
        /// <summary>When it was last heard (a status or an event of its own, not a retained copy), Unix ms; -1 only retained copies so far.</summary>
        public long LastHeard { get; set; } = -1;

        /// <summary>The firmware its last status named.</summary>
        public string Firmware { get; set; }

        /// <summary>Its last status's state (online, sleeping, offline).</summary>
        public string Status { get; set; }
    }
}
