namespace Firmware.Setup
{
    /// <summary>How a setup session ended.</summary>
    public enum SetupOutcome
    {
        /// <summary>The settings worked and are stored; the device restarts into them.</summary>
        Stored = 0,

        /// <summary>Nobody finished setup before the access point's time ran out.</summary>
        TimedOut = 1,

        /// <summary>The target is taking power away (the twin's end of run).</summary>
        Stopped = 2,

        /// <summary>The access point or its sockets could not be opened.</summary>
        Failed = 3,
    }
}
