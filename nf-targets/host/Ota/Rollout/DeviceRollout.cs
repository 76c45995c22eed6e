namespace Firmware.Host.Ota.Rollout
{
    /// <summary>One targeted device in a rollout's state file: its wave and what became of its announce.</summary>
    public sealed class DeviceRollout
    {
        public string Id { get; set; }

        /// <summary>Its hardware profile from the registry (board and role), or "unknown".</summary>
        public string Profile { get; set; }

        /// <summary>The wave it belongs to, from 0 (the canary).</summary>
        public int Wave { get; set; }

        public string State { get; set; } = DeviceState.Pending;

        /// <summary>When its announce was published, Unix ms.</summary>
        public long AnnouncedAt { get; set; }

        /// <summary>Its first session after the announce, Unix ms; -1 none yet.</summary>
        public long SessionAt { get; set; } = -1;

        /// <summary>When an outcome decided it, Unix ms; -1 not yet.</summary>
        public long DecidedAt { get; set; } = -1;

        /// <summary>It said it took the release (its `accepted` event): a connection lost after that is its trial's reboot, not a missed announce.</summary>
        public bool Accepted { get; set; }

        /// <summary>
        /// When its connection was lost (the broker's will) after it accepted the release and before an outcome, Unix ms; -1
        /// when it was heard since. Its confirm timeout does not run while it is lost (it cannot confirm off the network),
        /// and starts again from its next session.
        /// </summary>
        public long LostAt { get; set; } = -1;

        /// <summary>Why it failed (rolled-back: crash, rejected: ..., not-confirmed-in-time), or null.</summary>
        public string Reason { get; set; }

        /// <summary>Its wave's soak ended before it had a session since the announce (reported, not a failure).</summary>
        public bool Expired { get; set; }

        /// <summary>Its announce was withdrawn (an empty retained publish) when the rollout stopped.</summary>
        public bool Withdrawn { get; set; }

        /// <summary>Fleet rollback: null, "announced" (the previous release is announced to it), or "done" (it runs it again).</summary>
        public string Rollback { get; set; }
    }
}
