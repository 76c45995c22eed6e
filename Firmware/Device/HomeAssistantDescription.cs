using Firmware.Control;
using Firmware.HomeAssistant;
using Firmware.Ports;

namespace Firmware.Device
{
    /// <summary>
    /// What a device tells Home Assistant about itself (<see cref="DiscoveredDevice"/>), from the configuration and the
    /// platform a boot found: its name (deviceName, else the id), model and board, serial number (the hardware id), the
    /// running firmware's version, the channels its sensors measure, whether it has a battery, a thermostat and updates
    /// over the air, and how its absence shows (availability on mains, an expiry on battery).
    /// </summary>
    public static class HomeAssistantDescription
    {
        /// <summary>
        /// The description, or null when discovery is turned off. Built at boot, with every string it needs, once the
        /// topics, the channels and the power plan are (before the publish buffer, which it sizes).
        /// </summary>
        public static DiscoveredDevice Describe(WakeContext wake)
        {
            DeviceConfig config = wake.Config;
            if (!config.Discovery)
            {
                return null;
            }

            Platform platform = wake.Platform;
            DiscoveredDevice device = new DiscoveredDevice(config.DiscoveryPrefix, config.TopicPrefix, config.DeviceId, wake.Topics, wake.Channels, wake.MeasuredChannelCount);
            device.Name = config.DeviceName != null ? config.DeviceName : config.DeviceId;
            bool thermostat = wake.ThermostatState != null;
            device.Model = Model(platform, thermostat);
            device.ModelId = config.BoardProfile;
            device.SerialNumber = platform.HardwareId;
            device.FirmwareVersion = wake.FirmwareVersion;
            device.ConfigurationUrl = config.ConfigurationUrl;
            device.HasBattery = platform.Battery != null;
            device.HasThermostat = thermostat;
            device.HasUpdates = platform.Slots != null && platform.Downloader != null;
            device.Mains = wake.IsMains;
            device.MinSetpointCenti = ThermostatSettings.MinSetpointCenti;
            device.MaxSetpointCenti = ThermostatSettings.MaxSetpointCenti;
            device.ExpireAfterSeconds = ExpireAfterSeconds(wake);
            return device;
        }

        /// <summary>
        /// Seconds after which Home Assistant shows a battery device's sensors as unavailable: two radio intervals of the
        /// current plan, rounded up to a power of two of sample wakes (so a planner that stretches the interval a little
        /// does not change the discovery at every session), plus the sample wake the session rides on and the session's
        /// budget. A device that missed two sessions in a row shows unavailable; one failed session (retried within the
        /// backoff's first interval) does not. 0 on mains, where the status and its will tell instead.
        /// </summary>
        public static long ExpireAfterSeconds(WakeContext wake)
        {
            if (wake.IsMains)
            {
                return 0;
            }

            long wakes = wake.Plan.SampleWakesPerRadioWake;
            long rounded = 1;
            while (rounded < wakes)
            {
                rounded *= 2;
            }

            long sample = wake.Config.SampleIntervalSeconds;
            return (2 * rounded * sample) + sample + wake.Config.SessionBudgetSeconds;
        }

        /// <summary>"ESP32 sensor (bme280)", "ESP32 thermostat (bme280)": the role and the sensors.</summary>
        private static string Model(Platform platform, bool thermostat)
        {
            string model = thermostat ? "ESP32 thermostat" : "ESP32 sensor";
            ISensor[] sensors = platform.Sensors;
            if (sensors == null || sensors.Length == 0)
            {
                return model;
            }

            string names = sensors[0].Name;
            for (int i = 1; i < sensors.Length; i++)
            {
                names += ", " + sensors[i].Name;
            }

            return model + " (" + names + ")";
        }
    }
}
