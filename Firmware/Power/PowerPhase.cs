namespace Firmware.Power
{
    /// <summary>
    /// What the hardware is doing during a stretch of time; each phase has its own current in the
    /// <see cref="BoardProfile"/>. Numbers are stable: they index the <see cref="EnergyLedger"/>'s stored
    /// counters, so a new phase is added at the end and the ledger's format version is raised.
    /// </summary>
    public static class PowerPhase
    {
        /// <summary>Deep sleep: only the RTC (timer and memory) is powered.</summary>
        public const int DeepSleep = 0;

        /// <summary>From reset to the application's entry: ROM and second-stage bootloader, nanoCLR start, assembly load.</summary>
        public const int Boot = 1;

        /// <summary>CPU running managed code with the radio off (modem sleep): planning, encoding, bookkeeping.</summary>
        public const int CpuActive = 2;

        /// <summary>A sensor measurement: the CPU waits on the bus while the sensor converts.</summary>
        public const int SensorMeasure = 3;

        /// <summary>A flash sector erase (CPU active plus the flash chip's erase current).</summary>
        public const int FlashErase = 4;

        /// <summary>Programming flash pages (CPU active plus the flash chip's program current).</summary>
        public const int FlashProgram = 5;

        /// <summary>Wi-Fi scanning, associating and getting an address: the radio mostly receives.</summary>
        public const int WifiConnect = 6;

        /// <summary>The radio transmitting frames.</summary>
        public const int RadioTransmit = 7;

        /// <summary>The radio on and listening (waiting for CONNACK, PUBACK, a download's bytes).</summary>
        public const int RadioReceive = 8;

        /// <summary>
        /// The loader reading the application's bundle from its OTA slot and loading its assemblies
        /// (Assembly.Load on ESP32, a collectible load context on the twin), measured by the loader at every boot.
        /// </summary>
        public const int BundleLoad = 9;

        /// <summary>
        /// A gas sensor's heated conversion (a BME680's hot plate held at its target for the heater's time, the CPU
        /// waiting): by far the largest sensor cost, so it has its own current and the planner can skip it.
        /// </summary>
        public const int GasHeater = 10;

        /// <summary>Number of phases; phase numbers run from 0 to Count - 1.</summary>
        public const int Count = 11;

        /// <summary>Phases in format 1 of the ledger's record, before <see cref="BundleLoad"/> was added.</summary>
        public const int CountInFormat1 = 9;

        /// <summary>Phases in format 2 of the ledger's record, before <see cref="GasHeater"/> was added.</summary>
        public const int CountInFormat2 = 10;

        /// <summary>A short name for reports and status records.</summary>
        public static string Name(int phase)
        {
            switch (phase)
            {
                case DeepSleep: return "sleep";
                case Boot: return "boot";
                case CpuActive: return "cpu";
                case SensorMeasure: return "sensor";
                case FlashErase: return "erase";
                case FlashProgram: return "program";
                case WifiConnect: return "wifi";
                case RadioTransmit: return "tx";
                case RadioReceive: return "rx";
                case BundleLoad: return "load";
                case GasHeater: return "heater";
                default: throw new System.ArgumentOutOfRangeException("phase", "not a power phase");
            }
        }
    }
}
