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
            Record = new BootControlRecord();
            Record.ActiveSlot = BootControlRecord.NoSlot;
            Record.PendingSlot = BootControlRecord.NoSlot;
            TrialDeadline = -1;
        }

        /// <summary>The slot whose image this boot runs, or <see cref="BootControlRecord.NoSlot"/>.</summary>
        public int RunningSlot { get; set; }

        /// <summary>True while the running image is on trial: it has not confirmed itself yet.</summary>
        public bool Trial { get; set; }

        /// <summary>The stored fields of boot control, as of now (a copy: change them through <see cref="IUpdateSlots"/>).</summary>
        public BootControlRecord Record { get; private set; }

        /// <summary>
        /// Uptime (ms) by which the image on trial must reach a verdict or end its wake, or -1 when no
        /// deadline runs. The loader resets the device when it passes.
        /// </summary>
        public long TrialDeadline { get; set; }

        /// <summary>How long the loader took to load the running image's bundle, in ms (-1 when unknown).</summary>
        public long LoadMilliseconds { get; set; }
    }
}
