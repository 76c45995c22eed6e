namespace Firmware.Device
{
    /// <summary>The "state" of the retained status. The broker's last will writes "offline" when a device vanishes.</summary>
    public static class DeviceStatusState
    {
        public const string Online = "online";

        /// <summary>A battery device between sessions; the status says until when.</summary>
        public const string Sleeping = "sleeping";

        public const string Offline = "offline";
    }
}
