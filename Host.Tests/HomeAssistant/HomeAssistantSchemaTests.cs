using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Firmware.Drivers.SimulatedClimate;
using Firmware.HomeAssistant;
using Firmware.Host.Hardware;
using Firmware.Ports;
using Firmware.Readings;
using Firmware.Text;
using Firmware.Uplink;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.HomeAssistant
{
    /// <summary>
    /// The firmware's discovery payloads, every kind of device, against Home Assistant's schema
    /// (<see cref="HomeAssistantSchema"/>); and the check itself catches what Home Assistant would refuse or drop.
    /// </summary>
    [TestClass]
    public sealed class HomeAssistantSchemaTests
    {
        [TestMethod]
        [DataRow(false, false, false, false)]
        [DataRow(true, true, false, true)]
        [DataRow(true, false, true, false)]
        [DataRow(false, true, true, true)]
        public void EveryKindOfDeviceTheFirmwareDescribesIsOneHomeAssistantTakes(bool mains, bool battery, bool thermostat, bool updates)
        {
            DiscoveredDevice device = Device(new ISensor[] { Climate(), new GasChannel() });
            device.Mains = mains;
            device.HasBattery = battery;
            device.HasThermostat = thermostat;
            device.HasUpdates = updates;
            device.ExpireAfterSeconds = mains ? 0 : 9930;
            device.ConfigurationUrl = "https://fleet.example.com/kitchen";

            JsonObject expanded = HomeAssistantSchema.Expand(Payload(device));
            List<string> problems = HomeAssistantSchema.Check(expanded);

            Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
            JsonObject gas = expanded["components"]["gas_resistance"].AsObject();
            Assert.AreEqual("Gas resistance", (string)gas["name"], "a channel without a device class is named after itself");
            Assert.AreEqual("Ω", (string)gas["unit_of_measurement"]);
            Assert.AreEqual(mains, expanded["availability_topic"] != null);
            Assert.AreEqual(thermostat, expanded["components"]["thermostat"] != null);
            Assert.AreEqual(updates, expanded["components"]["firmware"] != null);
            Assert.AreEqual(battery, expanded["components"]["battery"] != null);
        }

        [TestMethod]
        public void TheCheckFindsWhatHomeAssistantWouldRefuseOrDropWithoutAWord()
        {
            DiscoveredDevice device = Device(new ISensor[] { Climate() });
            device.HasThermostat = true;
            device.HasUpdates = true;
            JsonObject payload = Payload(device);

            payload["cmps"]["temperature"]["stat_cls"] = "measurement";
            payload["cmps"]["humidity"]["unit_of_meas"] = "RH";
            payload["cmps"]["pressure"].AsObject().Remove("uniq_id");
            payload["cmps"]["thermostat"]["precision"] = 0.2;
            payload["cmps"]["held"]["exp_aft"] = -5;
            payload["dev"]["ids"] = new JsonArray();
            payload["o"].AsObject().Remove("name");
            payload["avail"] = "x";

            string problems = string.Join("\n", HomeAssistantSchema.Check(HomeAssistantSchema.Expand(payload)));

            StringAssert.Contains(problems, "component 'temperature' (sensor): 'stat_cls' is not a sensor option");
            StringAssert.Contains(problems, "component 'humidity': a humidity sensor takes %, not 'RH'");
            StringAssert.Contains(problems, "component 'pressure' needs a unique_id");
            StringAssert.Contains(problems, "component 'thermostat': precision must be 0.1, 0.5 or 1.0");
            StringAssert.Contains(problems, "component 'held': expire_after must be a positive whole number of seconds");
            StringAssert.Contains(problems, "device.identifiers must be a list of strings, at least one");
            StringAssert.Contains(problems, "origin needs a name");
            StringAssert.Contains(problems, "the root's option 'avail' is not one Home Assistant knows there");
        }

        [TestMethod]
        public void AnUpdateStateHomeAssistantWouldDropIsFound()
        {
            Assert.AreEqual(0, HomeAssistantSchema.CheckUpdateState("{\"installed_version\":\"1.0\",\"latest_version\":\"1.1\",\"in_progress\":true,\"update_percentage\":42.5}").Count);
            Assert.AreEqual(0, HomeAssistantSchema.CheckUpdateState("{\"installed_version\":\"1.0\",\"update_percentage\":null}").Count);
            StringAssert.Contains(string.Join("\n", HomeAssistantSchema.CheckUpdateState("{\"installed_version\":null}")), "'installed_version': null");
            StringAssert.Contains(string.Join("\n", HomeAssistantSchema.CheckUpdateState("{\"installed_version\":\"1.0\",\"progress\":3}")), "'progress'");
            StringAssert.Contains(string.Join("\n", HomeAssistantSchema.CheckUpdateState("{\"in_progress\":\"yes\"}")), "'in_progress'");
            StringAssert.Contains(string.Join("\n", HomeAssistantSchema.CheckUpdateState("1.0")), "not a JSON object");
        }

        private static ISensor Climate() => new SimulatedClimateSensor(new SteppedClock(1_764_151_500_000), 1);

        private static DiscoveredDevice Device(ISensor[] sensors)
        {
            ChannelTable channels = new ChannelTable(sensors);
            int measured = sensors.Sum(s => s.ChannelCount);
            DiscoveredDevice device = new DiscoveredDevice("homeassistant", "sensors", "kitchen", new Topics("sensors", "kitchen"), channels, measured)
            {
                FirmwareVersion = "1.2.3",
                Model = "ESP32 sensor (bme680)",
                ModelId = "esp32-wroom-2aa",
                SerialNumber = "24:6f:28:aa:bb:cc",
                MinSetpointCenti = 500,
                MaxSetpointCenti = 3000,
            };
            return device;
        }

        private static JsonObject Payload(DiscoveredDevice device)
        {
            byte[] buffer = new byte[DiscoveryPayload.CapacityFor(device)];
            JsonWriter writer = new JsonWriter();
            writer.Reset(buffer, 0, buffer.Length);
            DiscoveryPayload.Write(writer, device);
            Assert.IsFalse(writer.Overflowed);
            return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, writer.Length)).AsObject();
        }

        /// <summary>A sensor of one gas-resistance channel, as the BME680's.</summary>
        private sealed class GasChannel : ISensor
        {
            public string Name => "bme680-gas";

            public int ChannelCount => 1;

            public string Fault => null;

            public SensorChannel GetChannel(int index) => new SensorChannel("gas_resistance", "Ohm", 0);

            public int Measure(int[] values, int offset)
            {
                values[offset] = 120_000;
                return 1;
            }
        }
    }
}
