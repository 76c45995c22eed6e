namespace Firmware.Storage
{
    /// <summary>
    /// The keys of the <see cref="StateStore"/>, in one place so no two users take the same one. Numbers
    /// are stored: never reuse or renumber one; retire it instead. Ranges: 1-15 storage and boot,
    /// 16-31 configuration, 32-47 power and energy ledger, 48-63 uplink, 64-79 OTA. Every key counts against the
    /// store's capacity (<see cref="StateStore.MaxKeys"/>: 31 with the 4 KiB sectors of the device and the twin), so
    /// <see cref="MostInUse"/> keeps the sum of every user's keys.
    /// </summary>
    public static class StateKeys
    {
        /// <summary>
        /// The most keys the firmware holds at once: one each for the counters, the time base, the configuration trial,
        /// the thermostat, the setup request, the recent commands and the OTA reports, and every key of the banked
        /// records: 31, all a store of 4 KiB sectors holds.
        /// </summary>
        public const int MostInUse = 7 + WakeStateKeys + LastErrorKeys + HomeAssistantDiscoveryKeys;

        /// <summary>Boot and power-on counters (<see cref="BootCounters"/>).</summary>
        public const int Boot = 1;

        /// <summary>Wall time of recent power-ons (<see cref="PowerOnTimeBase"/>).</summary>
        public const int PowerOnTime = 2;

        /// <summary>The configuration document's trial bookkeeping (<see cref="Firmware.Device.ConfigurationManager"/>).</summary>
        public const int ConfigurationTrial = 16;

        /// <summary>Thermostat settings set by command (<see cref="Firmware.Control.ThermostatSettingsCodec"/>).</summary>
        public const int ThermostatSettings = 17;

        /// <summary>Whether setup is asked for, was offered, and whether the network was ever reached (<see cref="SetupRequest"/>).</summary>
        public const int Setup = 18;

        /// <summary>
        /// First of the <see cref="WakeStateKeys"/> keys of the wake state (energy ledger, backoff, radio schedule), a
        /// <see cref="BankedRecord"/> written at the end of every wake.
        /// </summary>
        public const int WakeState = 32;

        /// <summary>Keys the wake state's two banks take from <see cref="WakeState"/> (32 to 43).</summary>
        public const int WakeStateKeys = 12;

        /// <summary>Identifiers of one-shot commands already run (<see cref="Firmware.Uplink.RecentCommands"/>).</summary>
        public const int RecentCommands = 48;

        /// <summary>First of the <see cref="LastErrorKeys"/> keys of the last error, for the retained status (<see cref="Firmware.Uplink.LastErrorRecord"/>).</summary>
        public const int LastError = 49;

        /// <summary>Keys the last error's two banks take from <see cref="LastError"/> (49 to 54).</summary>
        public const int LastErrorKeys = 6;

        /// <summary>
        /// First of the <see cref="HomeAssistantDiscoveryKeys"/> keys of what the device last published for Home Assistant's
        /// discovery (<see cref="Firmware.HomeAssistant.DiscoveryRecord"/>): the topics and a checksum of the payload.
        /// </summary>
        public const int HomeAssistantDiscovery = 55;

        /// <summary>Keys the discovery record's two banks take from <see cref="HomeAssistantDiscovery"/> (55 to 60).</summary>
        public const int HomeAssistantDiscoveryKeys = 6;

        /// <summary>
        /// The OTA participant's memory of the deferral it reported last (<see cref="Firmware.Ota.OtaReportMemory"/>):
        /// the updater's own record (keys, outcomes, refusals) lives in boot control, not here.
        /// </summary>
        public const int OtaReports = 64;
    }
}
