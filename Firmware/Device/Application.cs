using Firmware.Boot;
using Firmware.Device;
using Firmware.HomeAssistant;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Storage;

namespace Firmware.Device
{
    /// <summary>
    /// The updatable application's entry point: reads the configuration and runs the device on the
    /// platform the target built. The loader finds this type by its interface.
    /// </summary>
    public sealed class Application : IApplication
    {
        public void Run(Platform platform)
        {
            DeviceConfig config = LoadConfiguration(platform);
            string version = RunningFirmware.Version(platform);
            while (true)
            {
                DeviceLoop device = new DeviceLoop(platform, config, version);
                WakeContext wake = device.Context;
                if (SetupMode.Run(wake))
                {
                    return;
                }

                OtaParticipant updater = StartUpdater(platform, wake.Config);
                if (updater != null)
                {
                    device.AddParticipant(updater);
                }

                if (platform.Log.IsEnabled(LogLevel.Info))
                {
                    platform.Log.Write(LogLevel.Info, "app", "firmware " + version + " as " + wake.Config.DeviceId
                        + (wake.IsMains ? " on mains" : " on battery") + ", sampling every " + wake.Config.SampleIntervalSeconds.ToString() + " s");
                }

                device.Run();
                if (!wake.RestartRequested || platform.Power.StopRequested)
                {
                    return;
                }
            }
        }

        /// <summary>
        /// The OTA participant when the loader handed over slots and the target can download; null otherwise (a
        /// target without updates, or a flash region too small for the slots).
        /// </summary>
        public static OtaParticipant StartUpdater(Platform platform, DeviceConfig config)
        {
            if (platform.Slots == null || platform.Downloader == null)
            {
                return null;
            }

            OtaSettings settings = new OtaSettings();
            settings.GroupTopic = config.OtaGroupTopic;
            return new OtaParticipant(platform, settings);
        }

        /// <summary>
        /// A factory reset before the application starts (a pin held at boot, a host option): erases the
        /// configuration document, the settings setup stored and the state store, keeps the reading log and the record
        /// of a published Home Assistant discovery (marked for removal at the next session), and asks for setup
        /// (<see cref="DeviceStorage.FactoryReset"/>).
        /// </summary>
        public static void FactoryReset(Platform platform)
        {
            if (platform.Flash != null)
            {
                DeviceStorage storage = new DeviceStorage(platform.Flash, platform.SlotBytes);
                DiscoveryRecord discovery = new DiscoveryRecord();
                try
                {
                    storage.State.Mount();
                    discovery.Load(storage.State);
                }
                catch (System.IO.IOException e)
                {
                    // The state store is unreadable: it is erased all the same, and nothing of it kept.
                    platform.Log.Write(LogLevel.Warning, "app", "factory reset: the state store could not be read: " + e.Message);
                }

                storage.FactoryReset();
                discovery.KeepForRemoval(storage.State);
                storage.State.Sync();
                platform.Log.Write(LogLevel.Warning, "app", "factory reset: configuration and state erased, unsent readings kept; setup opens");
            }
        }

        /// <summary>Asks for the setup access point at this boot (the setup button held at boot, a host option).</summary>
        public static void RequestSetup(Platform platform)
        {
            if (platform.Flash != null)
            {
                DeviceStorage storage = new DeviceStorage(platform.Flash, platform.SlotBytes);
                storage.State.Mount();
                SetupRequest setup = new SetupRequest();
                setup.Load(storage.State);
                setup.Requested = true;
                setup.Save(storage.State);
                storage.State.Sync();
                platform.Log.Write(LogLevel.Info, "app", "setup asked for: the setup access point opens");
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
