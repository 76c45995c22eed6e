using Firmware.HomeAssistant;
using Firmware.Ports;
using Firmware.Readings;
using Firmware.Tests.Fakes;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.Tests.HomeAssistant
{
    /// <summary>Devices as the firmware describes them to Home Assistant, and their discovery payloads as text.</summary>
    public static class DiscoveryDevices
    {
        /// <summary>A battery climate sensor "kitchen" (temperature, humidity, pressure) with a battery and updates over the air.</summary>
        public static DiscoveredDevice BatterySensor()
        {
            DiscoveredDevice d = Describe("homeassistant", "sensors", "kitchen", FakeSensor.Climate());
            d.Name = "Kitchen";
            d.Model = "ESP32 sensor (climate)";
            d.ModelId = "esp32-wroom-2aa";
            d.SerialNumber = "24:6f:28:aa:bb:cc";
            d.FirmwareVersion = "0.3.1";
            d.HasBattery = true;
            d.HasUpdates = true;
            d.ExpireAfterSeconds = 9930;
            return d;
        }

        /// <summary>A mains thermostat "hall" with a climate sensor, no battery, no updates.</summary>
        public static DiscoveredDevice MainsThermostat()
        {
            DiscoveredDevice d = Describe("homeassistant", "sensors", "hall", FakeSensor.Climate());
            d.Model = "ESP32 thermostat (climate)";
            d.ModelId = "esp32-wroom-liion";
            d.FirmwareVersion = "0.3.1";
            d.Mains = true;
            d.HasThermostat = true;
            d.MinSetpointCenti = 500;
            d.MaxSetpointCenti = 3000;
            return d;
        }

        public static DiscoveredDevice Describe(string discoveryPrefix, string topicPrefix, string deviceId, ISensor sensor)
        {
            ChannelTable channels = new ChannelTable(new ISensor[] { sensor });
            DiscoveredDevice d = new DiscoveredDevice(discoveryPrefix, topicPrefix, deviceId, new Topics(topicPrefix, deviceId), channels, channels.Count);
            d.FirmwareVersion = "1.0.0";
            return d;
        }

        /// <summary>The payload as text, written into a buffer of exactly <see cref="DiscoveryPayload.CapacityFor"/> bytes (which it must fit).</summary>
        public static string Payload(DiscoveredDevice d)
        {
            byte[] buffer = new byte[DiscoveryPayload.CapacityFor(d)];
            JsonWriter writer = new JsonWriter();
            writer.Reset(buffer, 0, buffer.Length);
            DiscoveryPayload.Write(writer, d);
            if (writer.Overflowed)
            {
                throw new System.InvalidOperationException("the payload does not fit in its capacity of " + buffer.Length.ToString() + " bytes");
            }

            return TestText.Decode(buffer, 0, writer.Length);
        }
    }
}
