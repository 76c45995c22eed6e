namespace Firmware.Storage
{
    /// <summary>
    /// The keys of the <see cref="StateStore"/>, in one place so no two users take the same one. Numbers
    /// are stored: never reuse or renumber one; retire it instead. Ranges: 1-15 storage and boot,
    /// 16-31 configuration, 32-47 power and energy ledger, 48-63 uplink, 64-79 OTA.
    /// </summary>
    public static class StateKeys
    {
        /// <summary>Boot and power-on counters (<see cref="BootCounters"/>).</summary>
        public const int Boot = 1;

        /// <summary>Wall time of recent power-ons (<see cref="PowerOnTimeBase"/>).</summary>
        public const int PowerOnTime = 2;
    }
}
