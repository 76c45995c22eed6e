namespace Firmware.SetupPorts
{
    /// <summary>A network a scan found: its name and how strong it was. Filled in place by <see cref="ISetupRadio.ScanResults"/>.</summary>
    public sealed class WifiSighting
    {
        /// <summary>The network's name (1 to 32 characters).</summary>
        public string Ssid { get; set; }

        /// <summary>Received signal strength in dBm (about -30 near the access point, -90 at the edge).</summary>
        public int SignalStrength { get; set; }
    }
}
