namespace Firmware.Setup
{
    /// <summary>What the setup page says about the device: the access point's name, the hardware and the firmware.</summary>
    public sealed class SetupIdentity
    {
        public SetupIdentity(string accessPointName, string hardwareId, string firmwareVersion)
        {
            AccessPointName = accessPointName;
            HardwareId = hardwareId;
            FirmwareVersion = firmwareVersion;
        }

        /// <summary>The access point's SSID, also the page's title (<see cref="AccessPointNames.For"/>).</summary>
        public string AccessPointName { get; private set; }

        public string HardwareId { get; private set; }

        public string FirmwareVersion { get; private set; }
    }
}
