using Firmware.Ports;
using Firmware.Readings;
using Firmware.Uplink;

namespace Firmware.HomeAssistant
{
    /// <summary>
    /// What Home Assistant is told about a device (<see cref="DiscoveryPayload"/> writes it): its registry entry, its
    /// topics, the channels it measures, what it has (a battery, a thermostat, over-the-air updates) and how Home Assistant
    /// tells it is gone (availability from the status and its will on mains, an expiry of every sensor on battery).
    /// Built once per boot with every string it needs, so that writing the payload in a radio session allocates nothing.
    /// </summary>
    public sealed class DiscoveredDevice
    {
        /// <summary>The manufacturer of the ESP32 modules the boards are built on.</summary>
        public const string DefaultManufacturer = "Espressif";

        /// <param name="discoveryPrefix">Home Assistant's discovery prefix (its default is "homeassistant").</param>
        /// <param name="topicPrefix">The device's own topic prefix (its topics are under prefix/device id/).</param>
        /// <param name="deviceId">The device's id: the discovery topic's object id and the registry's identifier.</param>
        /// <param name="topics">The device's topics (state, status, commands).</param>
        /// <param name="channels">The device's channels; the first <paramref name="measuredChannels"/> are its sensors'.</param>
        public DiscoveredDevice(string discoveryPrefix, string topicPrefix, string deviceId, Topics topics, ChannelTable channels, int measuredChannels)
        {
            DiscoveryPrefix = discoveryPrefix;
            TopicPrefix = topicPrefix;
            DeviceId = deviceId;
            DiscoveryTopic = TopicOf(discoveryPrefix, deviceId);
            StateTopic = topics.State;
            StatusTopic = topics.Status;
            SetpointTopic = topics.CommandRoot + "setpoint";
            Channels = channels;
            MeasuredChannels = measuredChannels;
            ChannelNames = new string[measuredChannels];
            for (int i = 0; i < measuredChannels; i++)
            {
                SensorChannel channel = channels.Get(i);
                ChannelNames[i] = SensorClasses.DeviceClass(channel.Unit) == null ? DisplayName(channel.Name) : null;
            }

            Name = deviceId;
            Manufacturer = DefaultManufacturer;
        }

        /// <summary>Where a device's discovery is published: &lt;prefix&gt;/device/&lt;device id&gt;/config.</summary>
        public static string TopicOf(string discoveryPrefix, string deviceId)
        {
            return discoveryPrefix + "/device/" + deviceId + "/config";
        }

        public string DiscoveryPrefix { get; private set; }

        public string TopicPrefix { get; private set; }

        public string DeviceId { get; private set; }

        /// <summary>The retained discovery message's topic.</summary>
        public string DiscoveryTopic { get; private set; }

        /// <summary>The retained latest reading (and the thermostat's state): every sensor's state topic unless it says another.</summary>
        public string StateTopic { get; private set; }

        /// <summary>The retained status and the will: the diagnostics' state topic, and on mains the availability.</summary>
        public string StatusTopic { get; private set; }

        /// <summary>The thermostat's command (<c>…/cmd/setpoint</c>): target temperature and mode go there.</summary>
        public string SetpointTopic { get; private set; }

        public ChannelTable Channels { get; private set; }

        /// <summary>The channels the sensors measure (the first of <see cref="Channels"/>): one sensor entity each.</summary>
        public int MeasuredChannels { get; private set; }

        /// <summary>Entity names of the measured channels that have no device class to name them (else null).</summary>
        public string[] ChannelNames { get; private set; }

        /// <summary>The device's name in Home Assistant (the configured name, else the id).</summary>
        public string Name { get; set; }

        public string Manufacturer { get; set; }

        public string Model { get; set; }

        /// <summary>The board's energy profile, e.g. "esp32-wroom-2aa".</summary>
        public string ModelId { get; set; }

        /// <summary>The hardware id (the MAC address on ESP32), or null.</summary>
        public string SerialNumber { get; set; }

        /// <summary>The running bundle's firmware version: the registry's software version and the update entity's installed one.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>A page that manages the device (http, https or homeassistant URL), or null.</summary>
        public string ConfigurationUrl { get; set; }

        /// <summary>True when the status reports a battery ("battery": mV and percent).</summary>
        public bool HasBattery { get; set; }

        /// <summary>True for a thermostat: a climate entity on the state and the setpoint command.</summary>
        public bool HasThermostat { get; set; }

        /// <summary>True when the device takes updates over the air (its status has the "ota" object).</summary>
        public bool HasUpdates { get; set; }

        /// <summary>True on mains: entities follow the status and its will (availability) instead of expiring.</summary>
        public bool Mains { get; set; }

        /// <summary>The thermostat's setpoint range, hundredths of a degree Celsius.</summary>
        public int MinSetpointCenti { get; set; }

        public int MaxSetpointCenti { get; set; }

        /// <summary>
        /// On battery: seconds after which Home Assistant shows a sensor that got no new state as unavailable (set from the
        /// radio interval before every session); 0 for none.
        /// </summary>
        public long ExpireAfterSeconds { get; set; }

        /// <summary>An entity name from a channel name: "gas_resistance" is "Gas resistance".</summary>
        public static string DisplayName(string channelName)
        {
            char[] chars = channelName.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '_')
                {
                    chars[i] = ' ';
                }
            }

            if (chars.Length > 0 && chars[0] >= 'a' && chars[0] <= 'z')
            {
                chars[0] = (char)(chars[0] - 'a' + 'A');
            }

            return new string(chars);
        }
    }
}
