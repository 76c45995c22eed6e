using Firmware.Boot;
using Firmware.Device;
using Firmware.Ota;
using Firmware.Ports;

namespace Firmware
{
    /// <summary>
    /// The updatable application's entry point: reads the configuration and runs the device on the
    /// platform the target built. The loader finds this type by its interface.
    /// </summary>
    public sealed class Application : IApplication
    {
        /// <summary>The firmware version, reported in the status record.</summary>
        public const string FirmwareVersion = "0.1.0";

        public void Run(Platform platform)
        {
            DeviceConfig config = LoadConfiguration(platform);
            DeviceLoop device = new DeviceLoop(platform, config, FirmwareVersion);
            platform.Log.Write(LogLevel.Info, "app", "firmware " + FirmwareVersion + " as " + config.DeviceId
                + ", sampling every " + config.SampleIntervalSeconds.ToString() + " s");
            device.SessionHook = StartUpdater(platform);
            device.Run();
        }

        /// <summary>
        /// The OTA session, when the loader handed over slots and the target can download; null otherwise. A flash
        /// that fails here leaves the device running without updates this boot (the next boot tries again).
        /// </summary>
        public static OtaSession StartUpdater(Platform platform)
        {
            if (platform.Slots == null || platform.Downloader == null)
            {
                return null;
            }

            try
            {
                OtaSettings settings = new OtaSettings();
                OtaAgent agent = new OtaAgent(platform.Slots, platform.Downloader, platform.Clock, platform.Log, settings);
                return new OtaSession(platform, agent, settings);
            }
            catch (System.IO.IOException e)
            {
                platform.Log.Write(LogLevel.Error, "ota", "updates are off this boot, the slots cannot be read: " + e.Message);
                return null;
            }
        }

        /// <summary>Compiled defaults, then the deployed configuration file if it is valid as a whole.</summary>
        public static DeviceConfig LoadConfiguration(Platform platform)
        {
            DeviceConfig config = new DeviceConfig();
            if (platform.HardwareId != null && platform.HardwareId.Length > 0)
            {
                config.DeviceId = platform.HardwareId;
            }

            byte[] deployed = platform.DeployedConfiguration;
            if (deployed != null)
            {
                DeviceConfigReader reader = new DeviceConfigReader();
                DeviceConfig applied = reader.Apply(config, deployed, 0, deployed.Length);
                if (applied == null)
                {
                    platform.Log.Write(LogLevel.Error, "config", "deployed configuration rejected, using defaults: " + reader.Error);
                }
                else
                {
                    config = applied;
                }
            }

            return config;
        }
    }
}
