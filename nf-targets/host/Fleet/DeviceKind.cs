namespace Firmware.Host.Fleet
{
    /// <summary>A kind of device in a fleet's mix: its role, board, schedule and share of the fleet.</summary>
    public sealed class DeviceKind
    {
        /// <summary>The kind's name in reports and the inventory (e.g. "sensor", "sensor-liion", "thermostat").</summary>
        public string Name { get; set; }

        /// <summary>"sensor" (a battery climate sensor) or "thermostat" (mains, a relay heating a room).</summary>
        public string Role { get; set; } = "sensor";

        /// <summary>The board profile the device's configuration names (its energy model; a release's defect may hit one).</summary>
        public string Board { get; set; } = "esp32-wroom-2aa";

        /// <summary>Share of the fleet, 0 to 1.</summary>
        public double Share { get; set; }

        public int SampleIntervalSeconds { get; set; } = 300;

        /// <summary>Radio interval on battery (ignored on mains, whose session stays open).</summary>
        public int RadioIntervalSeconds { get; set; } = 3600;

        /// <summary>
        /// On mains, the time between telemetry drains (the configuration's mainsTelemetryIntervalSeconds; its default,
        /// 300 s; 0 drains after every sample); ignored on battery, which drains in every radio session.
        /// </summary>
        public int MainsTelemetryIntervalSeconds { get; set; } = 300;

        public bool IsThermostat => Role == "thermostat";
    }
}
