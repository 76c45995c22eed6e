namespace Firmware.Power
{
    /// <summary>
    /// Every current and duration the energy model needs for one board: the load current of each
    /// <see cref="PowerPhase"/> on the 3.3 V rail, the typical durations of the phases the firmware cannot
    /// time itself (boot happens before managed code runs) or must plan before measuring, and the regulator
    /// between the battery and the rail. Integer units only: load currents in µA, regulator quiescent
    /// currents in nA (they are below 1 µA on good parts), durations in ms or µs, voltages in mV,
    /// efficiency in per mille. Plain data; <see cref="Validate"/> says what is wrong with it.
    ///
    /// Defaults (<see cref="Esp32WroomTwoAa"/>, <see cref="Esp32WroomLiIon"/>; every figure and its source is
    /// listed in docs/power.md):
    /// - ESP32 currents from Espressif's ESP32 Series Datasheet and ESP32-WROOM-32E Datasheet (3.3 V, 25 °C):
    ///   deep sleep with RTC timer and RTC memory 10 µA; modem sleep (CPU on, radio off) at 240 MHz 30–50 mA,
    ///   taken as 40 mA; Wi-Fi receive/listen 95–100 mA, taken as 100 mA; transmit 802.11g 54 Mbps at 16 dBm
    ///   190 mA (802.11b at 19.5 dBm is 240 mA, 802.11n MCS7 180 mA).
    /// - Boot and application load: 1.5 s at 50 mA is an estimate (bootloader, nanoCLR start, assembly load at
    ///   240 MHz with flash reads); it must be measured per board, and docs/power.md gives the sensitivity. With OTA
    ///   slots the loader also loads the application's bundle from its slot: that time is measured by the loader at
    ///   every boot and charged at the boot current (docs/ota.md scales a measurement on the interpreter to several
    ///   seconds on an ESP32: to be measured on the board).
    /// - Wi-Fi connect with stored credentials and DHCP: 2 s at 120 mA (listening plus probe, association and
    ///   DHCP frames), an estimate; fast-connect with a known channel and a static address is shorter.
    /// - Flash: a 4 KB sector erase 45 ms and a 256-byte page program 0.7 ms (typical SPI NOR such as the
    ///   Winbond W25Q32JV on WROOM-32E modules), at the CPU's 40 mA plus the flash chip's 20 mA.
    /// - Sensor: a BME280 forced-mode measurement of temperature, humidity and pressure at 1× oversampling,
    ///   about 10 ms (datasheet, typical), read over I²C: 20 ms at the CPU's 40 mA plus the sensor's 0.7 mA.
    /// - Gas heater: a BME680's gas reading, the hot plate held at its target (up to 12 mA, the datasheet's "0.09–12
    ///   mA for p/h/T/gas") while the CPU waits at 40 mA: 52 mA for the gas sensor's whole measurement, timed.
    /// - Regulator: see the factory methods.
    /// </summary>
    public sealed class BoardProfile
    {
        private readonly int[] _loadMicroamps = new int[PowerPhase.Count];

        public BoardProfile()
        {
            Name = "custom";
            Regulator = RegulatorKind.Linear;
            OutputMillivolts = 3300;
            BatteryMillivolts = 3300;
            EfficiencyPermille = 1000;
        }

        /// <summary>A short name for reports.</summary>
        public string Name { get; set; }

        /// <summary>Load current on the 3.3 V rail in deep sleep (the module, the sensor asleep, any divider).</summary>
        public int DeepSleepMicroamps
        {
            get { return _loadMicroamps[PowerPhase.DeepSleep]; }
            set { _loadMicroamps[PowerPhase.DeepSleep] = value; }
        }

        public int BootMicroamps
        {
            get { return _loadMicroamps[PowerPhase.Boot]; }
            set { _loadMicroamps[PowerPhase.Boot] = value; }
        }

        public int CpuActiveMicroamps
        {
            get { return _loadMicroamps[PowerPhase.CpuActive]; }
            set { _loadMicroamps[PowerPhase.CpuActive] = value; }
        }

        public int SensorMeasureMicroamps
        {
            get { return _loadMicroamps[PowerPhase.SensorMeasure]; }
            set { _loadMicroamps[PowerPhase.SensorMeasure] = value; }
        }

        public int FlashEraseMicroamps
        {
            get { return _loadMicroamps[PowerPhase.FlashErase]; }
            set { _loadMicroamps[PowerPhase.FlashErase] = value; }
        }

        public int FlashProgramMicroamps
        {
            get { return _loadMicroamps[PowerPhase.FlashProgram]; }
            set { _loadMicroamps[PowerPhase.FlashProgram] = value; }
        }

        public int WifiConnectMicroamps
        {
            get { return _loadMicroamps[PowerPhase.WifiConnect]; }
            set { _loadMicroamps[PowerPhase.WifiConnect] = value; }
        }

        public int TransmitMicroamps
        {
            get { return _loadMicroamps[PowerPhase.RadioTransmit]; }
            set { _loadMicroamps[PowerPhase.RadioTransmit] = value; }
        }

        public int ReceiveMicroamps
        {
            get { return _loadMicroamps[PowerPhase.RadioReceive]; }
            set { _loadMicroamps[PowerPhase.RadioReceive] = value; }
        }

        /// <summary>Load current while a gas sensor's heater runs (the heater and the CPU waiting on it); the time is measured per reading.</summary>
        public int GasHeaterMicroamps
        {
            get { return _loadMicroamps[PowerPhase.GasHeater]; }
            set { _loadMicroamps[PowerPhase.GasHeater] = value; }
        }

        /// <summary>
        /// Load current while the loader reads the application's bundle from its slot and loads it (CPU and flash
        /// reads, as during boot); the time is measured by the loader at every boot.
        /// </summary>
        public int BundleLoadMicroamps
        {
            get { return _loadMicroamps[PowerPhase.BundleLoad]; }
            set { _loadMicroamps[PowerPhase.BundleLoad] = value; }
        }

        /// <summary>
        /// Time from reset to the application's entry (not visible to managed code, so taken from here); with OTA
        /// slots, the loader's bundle load is measured and charged on top (<see cref="PowerPhase.BundleLoad"/>).
        /// </summary>
        public int BootMilliseconds { get; set; }

        /// <summary>Typical time of one sensor measurement, for plans made before one is timed.</summary>
        public int SensorMeasureMilliseconds { get; set; }

        /// <summary>Typical time to bring Wi-Fi up with stored credentials, for plans made before one is timed.</summary>
        public int WifiConnectMilliseconds { get; set; }

        /// <summary>Typical time of one flash sector erase.</summary>
        public int FlashSectorEraseMilliseconds { get; set; }

        /// <summary>Typical time to program one 256-byte flash page, in µs.</summary>
        public int FlashPageProgramMicroseconds { get; set; }

        public RegulatorKind Regulator { get; set; }

        /// <summary>The rail the ESP32 runs from (3300).</summary>
        public int OutputMillivolts { get; set; }

        /// <summary>The battery's average voltage under load over its discharge (the energy model uses one figure).</summary>
        public int BatteryMillivolts { get; set; }

        /// <summary>A boost converter's power efficiency at the ESP32's active loads; ignored for a linear regulator.</summary>
        public int EfficiencyPermille { get; set; }

        /// <summary>Quiescent current the regulator draws from the battery (a linear regulator's ground current).</summary>
        public int QuiescentInputNanoamps { get; set; }

        /// <summary>Quiescent current a boost converter draws from its own output (it is boosted like load current).</summary>
        public int QuiescentOutputNanoamps { get; set; }

        /// <summary>The load current of <paramref name="phase"/> on the 3.3 V rail.</summary>
        public int GetLoadMicroamps(int phase)
        {
            return _loadMicroamps[phase];
        }

        public void SetLoadMicroamps(int phase, int microamps)
        {
            _loadMicroamps[phase] = microamps;
        }

        /// <summary>
        /// The current drawn from the battery while the rail carries <paramref name="loadMicroamps"/>, in nA.
        /// Linear: load + ground current. Boost (the usual approximation, as in TI's application note SLYT412):
        /// Iq,in + (load + Iq,out) × Vout / (Vbattery × efficiency), rounded up.
        /// </summary>
        public long BatteryNanoamps(int loadMicroamps)
        {
            long load = (long)loadMicroamps * 1000;
            if (Regulator == RegulatorKind.Linear)
            {
                return load + QuiescentInputNanoamps;
            }

            long numerator = (load + QuiescentOutputNanoamps) * OutputMillivolts * 1000;
            long denominator = (long)BatteryMillivolts * EfficiencyPermille;
            return QuiescentInputNanoamps + ((numerator + denominator - 1) / denominator);
        }

        /// <summary>Null when the profile is usable, else what is wrong with it.</summary>
        public string Validate()
        {
            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                if (_loadMicroamps[phase] < 0 || _loadMicroamps[phase] > 2000000)
                {
                    return "the " + PowerPhase.Name(phase) + " current must be 0 to 2000000 µA";
                }
            }

            if (BootMilliseconds < 0 || BootMilliseconds > 60000 || SensorMeasureMilliseconds < 0 || SensorMeasureMilliseconds > 60000
                || WifiConnectMilliseconds < 0 || WifiConnectMilliseconds > 120000 || FlashSectorEraseMilliseconds < 0
                || FlashSectorEraseMilliseconds > 10000 || FlashPageProgramMicroseconds < 0 || FlashPageProgramMicroseconds > 100000)
            {
                return "durations must be 0 to 60 s (Wi-Fi 120 s, erase 10 s, page program 100 ms)";
            }

            if (OutputMillivolts < 500 || OutputMillivolts > 20000 || BatteryMillivolts < 500 || BatteryMillivolts > 20000)
            {
                return "voltages must be 500 to 20000 mV";
            }

            if (EfficiencyPermille < 1 || EfficiencyPermille > 1000)
            {
                return "efficiency must be 1 to 1000 per mille";
            }

            if (QuiescentInputNanoamps < 0 || QuiescentOutputNanoamps < 0 || QuiescentInputNanoamps > 100000000 || QuiescentOutputNanoamps > 100000000)
            {
                return "quiescent currents must be 0 to 100 mA";
            }

            for (int phase = 0; phase < PowerPhase.Count; phase++)
            {
                if (BatteryNanoamps(_loadMicroamps[phase]) > MaxBatteryNanoamps)
                {
                    return "the " + PowerPhase.Name(phase) + " phase's battery current through the regulator is above 3 A (check the voltages and efficiency)";
                }
            }

            return null;
        }

        /// <summary>
        /// The most current a phase may draw from the battery (3 A): the <see cref="EnergyLedger"/>'s longest span at it
        /// still fits a long in nA·ms.
        /// </summary>
        public const long MaxBatteryNanoamps = 3000000000;

        /// <summary>
        /// An ESP32-WROOM-32E on 2×AA alkaline cells through a boost converter to 3.3 V. Regulator figures of a
        /// TPS61023-class synchronous boost (TI datasheet: 0.9 µA quiescent into VIN, about 20 µA from VOUT at
        /// light load, 3.7 A switch limit so Wi-Fi transmit peaks are carried); 88 % efficiency from an average
        /// 2.6 V (two cells at 1.3 V under load over their discharge) at the ESP32's active loads is an estimate
        /// from the datasheet's curves.
        /// </summary>
        public static BoardProfile Esp32WroomTwoAa()
        {
            BoardProfile p = Esp32WroomModule();
            p.Name = "esp32-wroom-2aa-boost";
            p.Regulator = RegulatorKind.Boost;
            p.BatteryMillivolts = 2600;
            p.EfficiencyPermille = 880;
            p.QuiescentInputNanoamps = 900;
            p.QuiescentOutputNanoamps = 20000;
            return p;
        }

        /// <summary>
        /// An ESP32-WROOM-32E on one Li-ion cell through a low-quiescent 600 mA LDO to 3.3 V (RT9080-class:
        /// about 2 µA ground current). The cell's 3.7 V nominal is listed for reports; a linear regulator passes
        /// the load current through, so the battery current does not depend on it. Dropout below about 3.5 V is
        /// not modelled.
        /// </summary>
        public static BoardProfile Esp32WroomLiIon()
        {
            BoardProfile p = Esp32WroomModule();
            p.Name = "esp32-wroom-liion-ldo";
            p.Regulator = RegulatorKind.Linear;
            p.BatteryMillivolts = 3700;
            p.EfficiencyPermille = 1000;
            p.QuiescentInputNanoamps = 2000;
            p.QuiescentOutputNanoamps = 0;
            return p;
        }

        private static BoardProfile Esp32WroomModule()
        {
            BoardProfile p = new BoardProfile();
            p.DeepSleepMicroamps = 10;
            p.BootMicroamps = 50000;
            p.BundleLoadMicroamps = 50000;
            p.CpuActiveMicroamps = 40000;
            p.SensorMeasureMicroamps = 40700;
            p.GasHeaterMicroamps = 52000;
            p.FlashEraseMicroamps = 60000;
            p.FlashProgramMicroamps = 60000;
            p.WifiConnectMicroamps = 120000;
            p.TransmitMicroamps = 190000;
            p.ReceiveMicroamps = 100000;
            p.BootMilliseconds = 1500;
            p.SensorMeasureMilliseconds = 20;
            p.WifiConnectMilliseconds = 2000;
            p.FlashSectorEraseMilliseconds = 45;
            p.FlashPageProgramMicroseconds = 700;
            p.OutputMillivolts = 3300;
            return p;
        }
    }
}
