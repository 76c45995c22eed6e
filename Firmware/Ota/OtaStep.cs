namespace Firmware.Ota
{
    /// <summary>What <see cref="OtaAgent.Step"/> left to do.</summary>
    public static class OtaStep
    {
        /// <summary>No update in progress.</summary>
        public const int Idle = 0;

        /// <summary>The time budget ran out with work left; the next step continues.</summary>
        public const int InProgress = 1;

        /// <summary>The image server could not be read; the next session tries again from the same chunk.</summary>
        public const int NetworkError = 2;

        /// <summary>The image is verified and pending: restart the device so the loader boots it on trial.</summary>
        public const int RebootRequired = 3;
    }
}
