namespace Firmware.Ota
{
    /// <summary>Tunables of the updater; the defaults suit a battery sensor on Wi-Fi.</summary>
    public sealed class OtaSettings
    {
        public OtaSettings()
        {
            MinimumBatteryPercent = 30;
            ReadTimeoutMilliseconds = 10000;
            MaxReadFailuresPerStep = 3;
            MaxHashFailures = 2;
            MaxQueuedEvents = 8;
            SessionBudgetMilliseconds = 20000;
            MaxAnnounceRetries = 3;
        }

        /// <summary>An update starts only with at least this charge (devices without a battery always may).</summary>
        public int MinimumBatteryPercent { get; set; }

        /// <summary>Longest wait for one range read.</summary>
        public int ReadTimeoutMilliseconds { get; set; }

        /// <summary>Failed range reads after which a step gives up until the next session.</summary>
        public int MaxReadFailuresPerStep { get; set; }

        /// <summary>
        /// Complete downloads whose SHA-256 may differ from the manifest's before the image is refused. Two lets a
        /// download corrupted in transit be fetched once more, while a tampered image is refused.
        /// </summary>
        public int MaxHashFailures { get; set; }

        /// <summary>Events kept for the next connection; older ones are dropped (and counted) beyond it.</summary>
        public int MaxQueuedEvents { get; set; }

        /// <summary>
        /// Time a radio session may spend on a download at most (it also stays within what is left of the session's
        /// own budget); the rest continues in the next session.
        /// </summary>
        public int SessionBudgetMilliseconds { get; set; }

        /// <summary>
        /// Times a refused announce is tried again when it is announced again (a delivery that is not the retained copy):
        /// a fixed server can be retried, a broken announce costs at most this many more downloads.
        /// </summary>
        public int MaxAnnounceRetries { get; set; }

        /// <summary>A group's announce topic heard besides the device's own, or null.</summary>
        public string GroupTopic { get; set; }
    }
}
