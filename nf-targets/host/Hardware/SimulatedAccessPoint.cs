namespace Firmware.Host.Hardware
{
    /// <summary>A Wi-Fi network in the twin's simulated radio range.</summary>
    public sealed class SimulatedAccessPoint
    {
        public string Ssid { get; init; }

        /// <summary>The network's password; null for an open network.</summary>
        public string Password { get; init; }

        /// <summary>Signal strength at the device, dBm.</summary>
        public int SignalStrength { get; init; }

        /// <summary>False for a network whose DHCP server does not answer: the device associates but gets no address.</summary>
        public bool GivesAddress { get; init; } = true;

        /// <summary>False for a network from which the broker cannot be reached: every MQTT connection is refused.</summary>
        public bool ReachesBroker { get; init; } = true;
    }
}
