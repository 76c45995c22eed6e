namespace Firmware.Ota
{
    /// <summary>What <see cref="OtaAgent.HandleAnnounce"/> did with an announce.</summary>
    public static class OtaDecision
    {
        /// <summary>Accepted: a new download starts (call <see cref="OtaAgent.Step"/>).</summary>
        public const int Accepted = 1;

        /// <summary>Accepted, continuing a download of the same manifest started earlier.</summary>
        public const int Resumed = 2;

        /// <summary>Nothing to do: the device runs this manifest's image, or refused and reported it already.</summary>
        public const int Ignored = 3;

        /// <summary>Refused for good (see <see cref="OtaAgent.LastReason"/>); an event says why.</summary>
        public const int Rejected = 4;

        /// <summary>Put off for now (battery low, an update in progress); the next announce is considered again.</summary>
        public const int Deferred = 5;

        /// <summary>A key update was applied.</summary>
        public const int KeysUpdated = 6;
    }
}
