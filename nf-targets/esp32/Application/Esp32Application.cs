using Firmware.Boot;
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

        public void Run(Platform platform)
        {
            SerialLog log = new SerialLog(LogLevel.Info);
            Esp32Clock clock = new Esp32Clock();
            platform.Log = log;
            platform.Clock = clock;
            platform.HardwareId = Esp32Identity.HardwareId();
            platform.DeployedConfiguration = DeployedFile.ReadOrNull(ConfigurationPath, log);
            platform.Power = new Esp32Power();
            platform.Random = new Esp32Random();
            platform.Network = new WifiNetwork(log);
            platform.Mqtt = new M2MqttLink(clock);
            platform.Downloader = new HttpRangeDownloader();

            // Until a sensor driver is configured for the board, a simulated sensor keeps the firmware honest
            // end to end (its readings are marked by the sensor's name, "simulated-climate").
            platform.Sensors = new ISensor[] { new SimulatedClimateSensor(clock, (int)clock.UptimeMilliseconds) };

            new Firmware.Application().Run(platform);
        }
    }
}
