namespace Firmware.Boot
{
    /// <summary>
    /// Boot control as the application sees it in this boot: which slot runs, whether it is on trial, and the
    /// stored fields of boot control. Kept current by the <see cref="IUpdateSlots"/> backend that owns it.
    /// </summary>
    public sealed class BootState
    {
        public BootState()
        {
            RunningSlot = BootControlRecord.NoSlot;
            ActiveSlot = BootControlRecord.NoSlot;
            PendingSlot = BootControlRecord.NoSlot;
            TrialDeadline = -1;
        }

        /// <summary>The slot whose image this boot runs, or <see cref="BootControlRecord.NoSlot"/>.</summary>
        public int RunningSlot { get; set; }

        /// <summary>True while the running image is on trial: it has not confirmed itself yet.</summary>
        public bool Trial { get; set; }

        /// <summary>See <see cref="BootControlRecord.ActiveSlot"/>.</summary>
        public int ActiveSlot { get; set; }

        /// <summary>See <see cref="BootControlRecord.Confirmed"/>.</summary>
        public bool Confirmed { get; set; }

        /// <summary>See <see cref="BootControlRecord.PendingSlot"/>.</summary>
        public int PendingSlot { get; set; }

        public int TrialAttemptsLeft { get; set; }

        /// <summary>See <see cref="BootControlRecord.LastFailure"/>.</summary>
        public int LastFailure { get; set; }

        public long MinimumSecurityCounter { get; set; }

        /// <summary>See <see cref="BootControlRecord.Outcome"/>.</summary>
        public int Outcome { get; set; }

        public int OutcomeReason { get; set; }

        public int OutcomeSlot { get; set; }

        public long OutcomeId { get; set; }

        /// <summary>
        /// Uptime (ms) by which the image on trial must reach a verdict or end its wake, or -1 when no
        /// deadline runs. The loader resets the device when it passes.
        /// </summary>
        public long TrialDeadline { get; set; }

        /// <summary>How long the loader took to load the running image's bundle, in ms (-1 when unknown).</summary>
        public long LoadMilliseconds { get; set; }

        public void CopyRecord(BootControlRecord record)
        {
            ActiveSlot = record.ActiveSlot;
            Confirmed = record.Confirmed;
            PendingSlot = record.PendingSlot;
            TrialAttemptsLeft = record.TrialAttemptsLeft;
            LastFailure = record.LastFailure;
            MinimumSecurityCounter = record.MinimumSecurityCounter;
            Outcome = record.Outcome;
            OutcomeReason = record.OutcomeReason;
            OutcomeSlot = record.OutcomeSlot;
            OutcomeId = record.OutcomeId;
        }
    }
}
