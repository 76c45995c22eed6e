using Firmware.Drivers.Battery;
using Firmware.Drivers.Bme680;

namespace Firmware.Esp32
{
    /// <summary>
    /// What is fitted to a board and where: the climate sensor's bus, pins and address (a BMP280, BME280 or BME680:
    /// the chip is chosen by the id it answers at boot) and a BME680's gas heater set-point, the battery divider and
    /// chemistry, the relay's pin, polarity and protective minimum times. Pick the board in
    /// <see cref="Esp32Application.Board"/>. A board without a climate sensor keeps the simulated one.
    /// </summary>
    public sealed class BoardProfile
    {
        public BoardProfile()
        {
            I2cBus = 1;
            I2cDataPin = 21;
            I2cClockPin = 22;
            SensorAddress = 0x76;
            GasHeater = GasHeaterProfile.Battery();
            BatteryAdcChannel = -1;
            AdcFullScaleMillivolts = 3100;
            RelayPin = -1;
            RelayActiveHigh = true;
            RelayMinimumOnSeconds = 60;
            RelayMinimumOffSeconds = 60;
            FactoryResetPin = 0;
            FactoryResetHoldMilliseconds = 3000;
            SetupPin = 0;
            SetupHoldMilliseconds = 1000;
        }

        public string Name { get; set; }

        /// <summary>A Bosch climate sensor (BMP280, BME280 or BME680) is fitted at <see cref="SensorAddress"/>; which one is read from its id at boot.</summary>
        public bool HasBoschSensor { get; set; }

        /// <summary>1 or 2; the data and clock pins are routed to it (the ESP32 DevKit convention is SDA 21, SCL 22).</summary>
        public int I2cBus { get; set; }

        public int I2cDataPin { get; set; }

        public int I2cClockPin { get; set; }

        /// <summary>0x76 with SDO to GND, 0x77 with SDO to VDDIO.</summary>
        public int SensorAddress { get; set; }

        /// <summary>A BME680's gas heater: a short one on battery (the heater is the sensor's largest cost), the binding's default on mains.</summary>
        public GasHeaterProfile GasHeater { get; set; }

        /// <summary>ADC1 channel of the battery divider (0..7), or -1 for a mains board.</summary>
        public int BatteryAdcChannel { get; set; }

        /// <summary>The voltage that reads 4095 at 12 dB attenuation; about 3100 mV, calibrate per board.</summary>
        public int AdcFullScaleMillivolts { get; set; }

        public BatteryGaugeProfile Battery { get; set; }

        /// <summary>GPIO of the relay, or -1 when there is none.</summary>
        public int RelayPin { get; set; }

        public bool RelayActiveHigh { get; set; }

        public int RelayMinimumOnSeconds { get; set; }

        public int RelayMinimumOffSeconds { get; set; }

        /// <summary>
        /// GPIO that asks for a factory reset when held low while the application starts after a reset (not after a
        /// deep-sleep wake), or -1 for none. GPIO 0 is the BOOT button of DevKit boards: press EN (reset), release it,
        /// then hold BOOT at once (holding it through the reset itself enters the ROM's download mode instead).
        /// </summary>
        public int FactoryResetPin { get; set; }

        /// <summary>How long the pin must stay low for the reset to happen (a brief touch does nothing).</summary>
        public int FactoryResetHoldMilliseconds { get; set; }

        /// <summary>
        /// GPIO that opens the setup access point when held low while the application starts after a reset, or -1 for
        /// none. By default the factory-reset button: held 1 s it opens setup, held 3 s it also resets.
        /// </summary>
        public int SetupPin { get; set; }

        /// <summary>How long the setup pin must stay low to open the setup access point.</summary>
        public int SetupHoldMilliseconds { get; set; }

        /// <summary>A bare DevKit: no sensor, no battery, no relay; the simulated sensor stands in.</summary>
        public static BoardProfile BareDevKit()
        {
            BoardProfile board = new BoardProfile();
            board.Name = "bare-devkit";
            return board;
        }

        /// <summary>
        /// A battery climate sensor: a BMP280, BME280 or BME680 on I2C1 (SDA 21, SCL 22, 0x76; a BME680's heater at
        /// 320 °C for 50 ms); 2×AA behind a boost converter, measured through 1 MΩ / 1 MΩ on GPIO 34 (ADC1 channel 6;
        /// halves the 3.2 V pack into the ADC's range).
        /// </summary>
        public static BoardProfile BatterySensor()
        {
            BoardProfile board = new BoardProfile();
            board.Name = "battery-sensor";
            board.HasBoschSensor = true;
            board.BatteryAdcChannel = 6;
            board.Battery = new BatteryGaugeProfile(BatteryCurve.TwoAlkalineCellsBoosted(), 1000000, 1000000);
            return board;
        }

        /// <summary>
        /// A mains thermostat: a BMP280, BME280 or BME680 on I2C1 (SDA 21, SCL 22, 0x76; a BME680's heater at the
        /// binding's 320 °C for 150 ms) and an active-high relay module on GPIO 26
        /// (an RTC pin, so it can be held during light sleep), with one minute minimum on and off times that
        /// protect the heater; the thermostat's own settings are longer.
        /// </summary>
        public static BoardProfile Thermostat()
        {
            BoardProfile board = new BoardProfile();
            board.Name = "thermostat";
            board.HasBoschSensor = true;
            board.GasHeater = GasHeaterProfile.Mains();
            board.RelayPin = 26;
            return board;
        }
    }
}
