using System.Device.Adc;
using System.Device.Gpio;
using Firmware.Boot;
using Firmware.Drivers.Battery;
using Firmware.Drivers.Bmxx80;
using Firmware.Drivers.Relay;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Esp32.Adapters;
using Firmware.Ports;

namespace Firmware.Esp32
{
    /// <summary>
    /// The ESP32 application's entry point: builds the platform from nanoFramework packages (one thin
    /// adapter per port) and runs the portable firmware on it.
    /// </summary>
    public sealed class Esp32Application : IApplication
    {
        /// <summary>Where the deployed device configuration lives (nanoff --filedeployment or Visual Studio).</summary>
        public const string ConfigurationPath = "I:\\device.json";

        /// <summary>The largest configuration file read (with its certificates it is a few KB; the heap is small).</summary>
        public const int MaxConfigurationBytes = 16 * 1024;

        /// <summary>The board this image is built for: BareDevKit, BatterySensor or Thermostat (see BoardProfile).</summary>
        public static readonly BoardProfile Board = BoardProfile.BareDevKit();

        public void Run(Platform platform)
        {
            SerialLog log = new SerialLog(LogLevel.Info);
            Esp32Clock clock = new Esp32Clock();
            platform.Log = log;
            platform.Clock = clock;
            platform.HardwareId = Esp32Identity.HardwareId();
            platform.DeployedConfiguration = DeployedFile.ReadOrNull(ConfigurationPath, MaxConfigurationBytes, log);
            platform.Power = new Esp32Power();
            platform.Random = new Esp32Random();
            platform.Network = new WifiNetwork(log);
            platform.Mqtt = new M2MqttLink(clock);
            platform.Downloader = new HttpRangeDownloader();

            Wire(Board, platform, clock, log);
            if (platform.Power.WakeCause != WakeCause.Timer && FactoryResetHeld(Board, log))
            {
                Firmware.Device.Application.FactoryReset(platform);
            }

            new Firmware.Device.Application().Run(platform);
        }

        /// <summary>True when the board's factory-reset pin is held low for its whole hold time.</summary>
        private static bool FactoryResetHeld(BoardProfile board, SerialLog log)
        {
            if (board.FactoryResetPin < 0)
            {
                return false;
            }

            using (GpioController controller = new GpioController())
            {
                GpioPin pin = controller.OpenPin(board.FactoryResetPin, PinMode.InputPullUp);
                for (int waited = 0; waited < board.FactoryResetHoldMilliseconds; waited += 100)
                {
                    if (pin.Read() != PinValue.Low)
                    {
                        return false;
                    }

                    if (waited == 0)
                    {
                        log.Write(LogLevel.Warning, "app", "factory-reset pin held: keep holding for a factory reset");
                    }

                    System.Threading.Thread.Sleep(100);
                }

                controller.ClosePin(board.FactoryResetPin);
                return true;
            }
        }

        /// <summary>Builds the drivers the board profile names onto the platform; the climate sensor's by the chip id it answers.</summary>
        private static void Wire(BoardProfile board, Platform platform, Esp32Clock clock, SerialLog log)
        {
            if (board.HasBoschSensor)
            {
                Esp32I2cDevice bus = new Esp32I2cDevice(board.I2cBus, board.I2cDataPin, board.I2cClockPin, board.SensorAddress);
                string found;
                platform.Sensors = BoschSensors.Build(bus, clock, new PackageBindings(bus.Device), board.GasHeater, out found);
                log.Write(platform.Sensors[0] is UnidentifiedBoschSensor ? LogLevel.Error : LogLevel.Info, "app", "climate sensor: " + found);
            }
            else
            {
                // A board without a sensor runs the simulated one, so the firmware stays honest end to end
                // (its readings are marked by the sensor's name, "simulated-climate").
                platform.Sensors = new ISensor[] { new SimulatedClimateSensor(clock, (int)clock.UptimeMilliseconds) };
            }

            if (board.BatteryAdcChannel >= 0 && board.Battery != null)
            {
                Esp32AnalogInput input = new Esp32AnalogInput(new AdcController(), board.BatteryAdcChannel, board.AdcFullScaleMillivolts);
                platform.Battery = new BatteryGauge(input, board.Battery);
            }

            if (board.RelayPin >= 0)
            {
                Esp32DigitalOutput pin = new Esp32DigitalOutput(new GpioController(), board.RelayPin);
                platform.Relay = new RelayOutput("heater", pin, board.RelayActiveHigh, clock, board.RelayMinimumOnSeconds, board.RelayMinimumOffSeconds);
            }
        }
    }
}
