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
            platform.Network = new WifiNetwork(log, clock);
            platform.Mqtt = new M2MqttLink(clock);
            platform.Downloader = new HttpRangeDownloader();

            Wire(Board, platform, clock, log);
            int held = platform.Power.WakeCause != WakeCause.Timer ? ButtonHeldMilliseconds(Board, log) : 0;
            if (Board.FactoryResetPin >= 0 && held >= Board.FactoryResetHoldMilliseconds)
            {
                // A factory reset asks for setup too.
                Firmware.Device.Application.FactoryReset(platform);
            }
            else if (Board.SetupPin >= 0 && held >= Board.SetupHoldMilliseconds)
            {
                Firmware.Device.Application.RequestSetup(platform);
            }

            new Firmware.Device.Application().Run(platform);
        }

        /// <summary>
        /// How long the board's setup button (which is also its factory-reset button on the profiles here) is held low while
        /// the application starts, up to the factory-reset hold time: past <see cref="BoardProfile.SetupHoldMilliseconds"/>
        /// the setup access point opens, past <see cref="BoardProfile.FactoryResetHoldMilliseconds"/> a factory reset follows.
        /// </summary>
        private static int ButtonHeldMilliseconds(BoardProfile board, SerialLog log)
        {
            int pinNumber = board.SetupPin >= 0 ? board.SetupPin : board.FactoryResetPin;
            if (pinNumber < 0)
            {
                return 0;
            }

            int limit = board.FactoryResetPin == pinNumber ? board.FactoryResetHoldMilliseconds : board.SetupHoldMilliseconds;
            using (GpioController controller = new GpioController())
            {
                GpioPin pin = controller.OpenPin(pinNumber, PinMode.InputPullUp);
                int waited = 0;
                while (waited < limit && pin.Read() == PinValue.Low)
                {
                    if (waited == 0)
                    {
                        log.Write(LogLevel.Warning, "app", "button held: " + (board.SetupHoldMilliseconds / 1000).ToString() + " s opens setup, "
                            + (board.FactoryResetHoldMilliseconds / 1000).ToString() + " s a factory reset");
                    }

                    System.Threading.Thread.Sleep(100);
                    waited += 100;
                }

                controller.ClosePin(pinNumber);
                return waited;
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
