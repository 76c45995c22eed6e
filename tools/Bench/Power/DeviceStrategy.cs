namespace Firmware.Tools.Bench.Power
{
    /// <summary>How a simulated battery device uses its radio.</summary>
    public enum DeviceStrategy
    {
        /// <summary>This firmware: sample every wake into the flash log, run a radio session every radio interval (on a sample wake), back off after failures.</summary>
        StoreAndForward,

        /// <summary>What ESPHome and Tasmota deep-sleep nodes do: connect and publish at every sample wake; a failed wake's reading is lost.</summary>
        ConnectEverySample,
    }
}
