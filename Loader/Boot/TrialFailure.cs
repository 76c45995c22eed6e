namespace Firmware.Boot
{
    /// <summary>Why a trial boot of a new image counted as a failed attempt. Numbers are stored in boot control.</summary>
    public static class TrialFailure
    {
        public const int None = 0;

        /// <summary>The application threw out of its entry point.</summary>
        public const int Crash = 1;

        /// <summary>The trial deadline passed without a verdict: the application hangs.</summary>
        public const int Hang = 2;

        /// <summary>The device was reset by a watchdog, a panic or a brown-out during the trial.</summary>
        public const int FaultReset = 3;

        /// <summary>The network was up but the broker was not reached or did not acknowledge a publish.</summary>
        public const int HealthCheck = 4;

        /// <summary>The reason as reported in events.</summary>
        public static string Name(int reason)
        {
            switch (reason)
            {
                case Crash:
                    return "crash";
                case Hang:
                    return "hang";
                case FaultReset:
                    return "fault-reset";
                case HealthCheck:
                    return "health-check";
                default:
                    return "none";
            }
        }
    }
}
