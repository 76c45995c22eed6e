namespace Firmware.Device
{
    /// <summary>
    /// How the device is powered, from the configuration's "powerMode". On battery every wake is a boot after
    /// deep sleep and the radio runs only when due; on mains the loop runs on and keeps the radio connected.
    /// </summary>
    public static class PowerModes
    {
        public const string Battery = "battery";

        public const string Mains = "mains";

        /// <summary>Mains when the board has a relay (a relay drops in deep sleep), battery otherwise.</summary>
        public const string Auto = "auto";
    }
}
