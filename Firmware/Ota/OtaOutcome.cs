namespace Firmware.Ota
{
    /// <summary>The "outcome" words of OTA events on the events topic.</summary>
    public static class OtaOutcome
    {
        /// <summary>A new image passed its health check and runs confirmed.</summary>
        public const string Updated = "updated";

        /// <summary>A new image failed its trial; the previous one runs again.</summary>
        public const string RolledBack = "rolled-back";

        /// <summary>The confirmed image no longer loaded (flash rot); the loader switched to the other slot's proven image or restored the factory image.</summary>
        public const string Recovered = "recovered";

        /// <summary>An announce or its image was refused for good (the reason says why).</summary>
        public const string Rejected = "rejected";

        /// <summary>An announce was put off for now (battery low, an update in progress); it is tried again later.</summary>
        public const string Deferred = "deferred";

        /// <summary>A key update was applied.</summary>
        public const string KeysUpdated = "keys-updated";

        /// <summary>A download goes on, hindered (the reason says how: the server ignores Range requests, or does not answer).</summary>
        public const string Downloading = "downloading";

        /// <summary>An announce was not considered (the reason says why: refused before, the running image, ...).</summary>
        public const string Ignored = "ignored";
    }
}
