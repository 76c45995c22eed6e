namespace Firmware.Host.Fleet
{
    /// <summary>A class of Wi-Fi link in a fleet's mix, from good to poor, and its share of the fleet.</summary>
    public sealed class WifiQuality
    {
        public string Name { get; set; }

        public double Share { get; set; }

        /// <summary>Signal strength range, dBm (the device reports it in its status).</summary>
        public int RssiFrom { get; set; } = -50;

        public int RssiTo { get; set; } = -65;

        /// <summary>Device time an association takes, ms.</summary>
        public int ConnectMilliseconds { get; set; } = 2000;

        /// <summary>Chance that an association fails (the radio then scans to its timeout).</summary>
        public double ConnectFailure { get; set; }

        /// <summary>Chance that a publish is the last thing the connection carries before it drops.</summary>
        public double DropPerPublish { get; set; }

        /// <summary>Round trip to the broker, ms of device time.</summary>
        public int RoundTripMilliseconds { get; set; } = 20;
    }
}
