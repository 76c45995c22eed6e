using Firmware.HomeAssistant;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using Firmware.Tests.Json;
using nanoFramework.TestFramework;

namespace Firmware.Tests.HomeAssistant
{
    /// <summary>
    /// The device discovery payload (<see cref="DiscoveryPayload"/>), field by field, against what Home Assistant's MQTT
    /// documentation asks of a device-based discovery message: the registry entry and the origin, the shared state topic,
    /// QoS and (on mains) availability, and every component with its platform, unique id and platform options.
    /// </summary>
    [TestClass]
    public class DiscoveryPayloadTests
    {
        [TestMethod]
        public void TheRootHoldsOnlyWhatADeviceDiscoveryAllows()
        {
            string battery = DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor());
            Assert.AreEqual("dev,o,stat_t,qos,cmps", JsonQuery.Names(battery, string.Empty));
            string mains = DiscoveryDevices.Payload(DiscoveryDevices.MainsThermostat());
            Assert.AreEqual("dev,o,stat_t,qos,avty_t,avty_tpl,cmps", JsonQuery.Names(mains, string.Empty));
        }

        [TestMethod]
        public void TheRegistryEntryNamesTheDeviceItsMakerModelFirmwareAndSerialNumber()
        {
            DiscoveredDevice device = DiscoveryDevices.BatterySensor();
            device.ConfigurationUrl = "https://fleet.example.com/devices/kitchen";
            string json = DiscoveryDevices.Payload(device);
            Assert.AreEqual("kitchen", JsonQuery.Items(json, "dev/ids"));
            Assert.AreEqual("Kitchen", JsonQuery.Value(json, "dev/name"));
            Assert.AreEqual("Espressif", JsonQuery.Value(json, "dev/mf"));
            Assert.AreEqual("ESP32 sensor (climate)", JsonQuery.Value(json, "dev/mdl"));
            Assert.AreEqual("esp32-wroom-2aa", JsonQuery.Value(json, "dev/mdl_id"));
            Assert.AreEqual("0.3.1", JsonQuery.Value(json, "dev/sw"));
            Assert.AreEqual("24:6f:28:aa:bb:cc", JsonQuery.Value(json, "dev/sn"));
            Assert.AreEqual("https://fleet.example.com/devices/kitchen", JsonQuery.Value(json, "dev/cu"));

            string bare = DiscoveryDevices.Payload(DiscoveryDevices.MainsThermostat());
            Assert.AreEqual("ids,name,mf,mdl,mdl_id,sw", JsonQuery.Names(bare, "dev"), "no serial number or configuration URL when there is none");
            Assert.AreEqual("hall", JsonQuery.Value(bare, "dev/name"), "without a configured name, the id");
        }

        [TestMethod]
        public void TheOriginIsTheFirmwareAndEveryEntityReadsTheRetainedStateWithQos1()
        {
            string json = DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor());
            Assert.AreEqual(DiscoveryPayload.Origin, JsonQuery.Value(json, "o/name"));
            Assert.AreEqual("0.3.1", JsonQuery.Value(json, "o/sw"));
            Assert.AreEqual("sensors/kitchen/state", JsonQuery.Value(json, "stat_t"));
            Assert.AreEqual("1", JsonQuery.Value(json, "qos"));
        }

        [TestMethod]
        public void OnMainsAvailabilityFollowsTheStatusAndItsWill()
        {
            string json = DiscoveryDevices.Payload(DiscoveryDevices.MainsThermostat());
            Assert.AreEqual("sensors/hall/status", JsonQuery.Value(json, "avty_t"));
            Assert.AreEqual("{{ value_json.state }}", JsonQuery.Value(json, "avty_tpl"));
            Assert.IsNull(JsonQuery.Value(json, "cmps/temperature/exp_aft"), "a mains device does not expire");
        }

        [TestMethod]
        public void EveryMeasuredChannelIsASensorWithItsDeviceClassUnitAndStateClass()
        {
            string json = DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor());
            AssertChannel(json, "temperature", "temperature", "°C", "2");
            AssertChannel(json, "humidity", "humidity", "%", "1");
            AssertChannel(json, "pressure", "pressure", "Pa", "0");
            Assert.AreEqual("p,uniq_id,dev_cla,unit_of_meas,stat_cla,sug_dsp_prc,val_tpl,exp_aft", JsonQuery.Names(json, "cmps/temperature"));
        }

        [TestMethod]
        public void AChannelWithoutADeviceClassIsNamedAfterItselfAndKeepsItsUnit()
        {
            FakeSensor gas = new FakeSensor("bme680-gas", new SensorChannel[] { new SensorChannel("gas_resistance", "Ohm", 0) });
            string json = DiscoveryDevices.Payload(DiscoveryDevices.Describe("homeassistant", "sensors", "lab", gas));
            Assert.AreEqual("Gas resistance", JsonQuery.Value(json, "cmps/gas_resistance/name"));
            Assert.IsNull(JsonQuery.Value(json, "cmps/gas_resistance/dev_cla"));
            Assert.AreEqual("Ω", JsonQuery.Value(json, "cmps/gas_resistance/unit_of_meas"));
            Assert.AreEqual("measurement", JsonQuery.Value(json, "cmps/gas_resistance/stat_cla"));
            Assert.AreEqual("{{ value_json.gas_resistance | default(none) }}", JsonQuery.Value(json, "cmps/gas_resistance/val_tpl"));
        }

        [TestMethod]
        public void BatteryAndSignalStrengthAreDiagnosticSensorsReadFromTheStatus()
        {
            string json = DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor());
            AssertDiagnostic(json, DiscoveryPayload.BatteryId, ValueTemplates.Battery);
            Assert.AreEqual("battery", JsonQuery.Value(json, "cmps/battery/dev_cla"));
            Assert.AreEqual("%", JsonQuery.Value(json, "cmps/battery/unit_of_meas"));
            Assert.AreEqual("measurement", JsonQuery.Value(json, "cmps/battery/stat_cla"));

            AssertDiagnostic(json, DiscoveryPayload.SignalStrengthId, ValueTemplates.SignalStrength);
            Assert.AreEqual("signal_strength", JsonQuery.Value(json, "cmps/rssi/dev_cla"));
            Assert.AreEqual("dBm", JsonQuery.Value(json, "cmps/rssi/unit_of_meas"));
            Assert.AreEqual("measurement", JsonQuery.Value(json, "cmps/rssi/stat_cla"));

            string mains = DiscoveryDevices.Payload(DiscoveryDevices.MainsThermostat());
            Assert.IsNull(JsonQuery.Value(mains, "cmps/battery"), "no battery entity without a battery");
            Assert.AreEqual("signal_strength", JsonQuery.Value(mains, "cmps/rssi/dev_cla"));
        }

        [TestMethod]
        public void TheDiagnosticsAreReadingsHeldAndDroppedTheLastErrorAndTheBootReason()
        {
            string json = DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor());
            AssertDiagnostic(json, DiscoveryPayload.HeldId, ValueTemplates.Held);
            Assert.AreEqual("Readings held", JsonQuery.Value(json, "cmps/held/name"));
            Assert.AreEqual("measurement", JsonQuery.Value(json, "cmps/held/stat_cla"));

            AssertDiagnostic(json, DiscoveryPayload.DroppedId, ValueTemplates.Dropped);
            Assert.AreEqual("Readings dropped", JsonQuery.Value(json, "cmps/dropped/name"));
            Assert.AreEqual("total_increasing", JsonQuery.Value(json, "cmps/dropped/stat_cla"), "drops only grow, until a new log starts them again");

            AssertDiagnostic(json, DiscoveryPayload.LastErrorId, ValueTemplates.LastError);
            Assert.AreEqual("Last error", JsonQuery.Value(json, "cmps/last_error/name"));
            Assert.IsNull(JsonQuery.Value(json, "cmps/last_error/stat_cla"), "text has no state class");

            AssertDiagnostic(json, DiscoveryPayload.BootReasonId, ValueTemplates.BootReason);
            Assert.AreEqual("Last boot reason", JsonQuery.Value(json, "cmps/boot/name"));
        }

        [TestMethod]
        public void OnBatteryEverySensorExpiresAndNothingElseDoes()
        {
            string json = DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor());
            string[] ids = JsonQuery.Names(json, "cmps").Split(',');
            int sensors = 0;
            for (int i = 0; i < ids.Length; i++)
            {
                string expiry = JsonQuery.Value(json, "cmps/" + ids[i] + "/exp_aft");
                if (JsonQuery.Value(json, "cmps/" + ids[i] + "/p") == "sensor")
                {
                    Assert.AreEqual("9930", expiry, ids[i]);
                    sensors++;
                }
                else
                {
                    Assert.IsNull(expiry, ids[i] + " has no expiry in Home Assistant's schema");
                }
            }

            Assert.AreEqual(9, sensors, "three channels, battery, signal strength and four diagnostics");
        }

        [TestMethod]
        public void AThermostatIsAClimateEntityCommandedThroughTheSetpointCommand()
        {
            string json = DiscoveryDevices.Payload(DiscoveryDevices.MainsThermostat());
            Assert.AreEqual("climate", JsonQuery.Value(json, "cmps/thermostat/p"));
            Assert.AreEqual("hall_thermostat", JsonQuery.Value(json, "cmps/thermostat/uniq_id"));
            Assert.AreEqual("null", JsonQuery.Value(json, "cmps/thermostat/name"), "the device's main feature: named after the device");
            Assert.AreEqual("sensors/hall/state", JsonQuery.Value(json, "cmps/thermostat/curr_temp_t"));
            Assert.AreEqual("{{ value_json.temperature | default(none) }}", JsonQuery.Value(json, "cmps/thermostat/curr_temp_tpl"));
            Assert.AreEqual("sensors/hall/state", JsonQuery.Value(json, "cmps/thermostat/temp_stat_t"));
            Assert.AreEqual("{{ value_json.setpoint }}", JsonQuery.Value(json, "cmps/thermostat/temp_stat_tpl"));
            Assert.AreEqual("sensors/hall/cmd/setpoint", JsonQuery.Value(json, "cmps/thermostat/temp_cmd_t"));
            Assert.AreEqual("{{ value | round(2) }}", JsonQuery.Value(json, "cmps/thermostat/temp_cmd_tpl"));
            Assert.AreEqual("sensors/hall/state", JsonQuery.Value(json, "cmps/thermostat/mode_stat_t"));
            Assert.AreEqual("{{ value_json.mode }}", JsonQuery.Value(json, "cmps/thermostat/mode_stat_tpl"));
            Assert.AreEqual("sensors/hall/cmd/setpoint", JsonQuery.Value(json, "cmps/thermostat/mode_cmd_t"));
            Assert.AreEqual("{\"mode\":\"{{ value }}\"}", JsonQuery.Value(json, "cmps/thermostat/mode_cmd_tpl"));
            Assert.AreEqual("heat,off", JsonQuery.Items(json, "cmps/thermostat/modes"));
            Assert.AreEqual("sensors/hall/state", JsonQuery.Value(json, "cmps/thermostat/act_t"));
            Assert.AreEqual("{{ value_json.action }}", JsonQuery.Value(json, "cmps/thermostat/act_tpl"));
            Assert.AreEqual("5", JsonQuery.Value(json, "cmps/thermostat/min_temp"));
            Assert.AreEqual("30", JsonQuery.Value(json, "cmps/thermostat/max_temp"));
            Assert.AreEqual("0.1", JsonQuery.Value(json, "cmps/thermostat/temp_step"));
            Assert.AreEqual("0.1", JsonQuery.Value(json, "cmps/thermostat/precision"));
            Assert.AreEqual("C", JsonQuery.Value(json, "cmps/thermostat/temp_unit"));

            Assert.IsNull(JsonQuery.Value(DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor()), "cmps/thermostat"), "a sensor has no climate entity");
        }

        [TestMethod]
        public void ADeviceWithUpdatesHasAnUpdateEntityReadFromTheStatus()
        {
            string json = DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor());
            Assert.AreEqual("update", JsonQuery.Value(json, "cmps/firmware/p"));
            Assert.AreEqual("kitchen_firmware", JsonQuery.Value(json, "cmps/firmware/uniq_id"));
            Assert.AreEqual("Firmware", JsonQuery.Value(json, "cmps/firmware/name"));
            Assert.AreEqual("firmware", JsonQuery.Value(json, "cmps/firmware/dev_cla"));
            Assert.AreEqual("sensors/kitchen/status", JsonQuery.Value(json, "cmps/firmware/stat_t"));
            Assert.AreEqual(ValueTemplates.Firmware, JsonQuery.Value(json, "cmps/firmware/val_tpl"));
            Assert.IsNull(JsonQuery.Value(json, "cmps/firmware/cmd_t"), "an update comes from an announce: there is no install button");

            Assert.IsNull(JsonQuery.Value(DiscoveryDevices.Payload(DiscoveryDevices.MainsThermostat()), "cmps/firmware"), "no update entity without updates");
        }

        [TestMethod]
        public void EveryComponentHasAPlatformAndAUniqueIdNamedAfterTheDevice()
        {
            string json = DiscoveryDevices.Payload(DiscoveryDevices.BatterySensor());
            Assert.AreEqual("temperature,humidity,pressure,battery,rssi,held,dropped,last_error,boot,firmware", JsonQuery.Names(json, "cmps"));
            string[] ids = JsonQuery.Names(json, "cmps").Split(',');
            for (int i = 0; i < ids.Length; i++)
            {
                Assert.IsNotNull(JsonQuery.Value(json, "cmps/" + ids[i] + "/p"), ids[i]);
                Assert.AreEqual("kitchen_" + ids[i], JsonQuery.Value(json, "cmps/" + ids[i] + "/uniq_id"));
            }
        }

        [TestMethod]
        public void TheLongestIdsPrefixesNamesAndUrlTheConfigurationAllowsFitTheCapacity()
        {
            FakeSensor sensor = new FakeSensor("wide", new SensorChannel[]
            {
                new SensorChannel("temperature", "Cel", -2),
                new SensorChannel("a_rather_long_channel_name_here", "count/min", 0),
                new SensorChannel("humidity", "%RH", -2),
                new SensorChannel("pressure", "Pa", 0),
            });
            DiscoveredDevice d = DiscoveryDevices.Describe(Repeat('h', 64), Repeat('t', 64), Repeat('i', 32), sensor);
            d.Name = Repeat('é', 64);
            d.Model = "ESP32 thermostat (wide)";
            d.ModelId = "esp32-wroom-liion";
            d.SerialNumber = "24:6f:28:aa:bb:cc";
            d.ConfigurationUrl = "https://" + Repeat('u', 248);
            d.FirmwareVersion = "65535.65535.65535";
            d.HasBattery = true;
            d.HasThermostat = true;
            d.HasUpdates = true;
            d.MaxSetpointCenti = 3000;
            d.ExpireAfterSeconds = 1209600;
            string json = DiscoveryDevices.Payload(d);
            Assert.AreEqual(Repeat('é', 64), JsonQuery.Value(json, "dev/name"));
        }

        [TestMethod]
        public void TheTopicIsTheDevicePlatformsOneUnderThePrefix()
        {
            Assert.AreEqual("homeassistant/device/kitchen/config", DiscoveryDevices.BatterySensor().DiscoveryTopic);
            Assert.AreEqual("ha/device/x-1/config", DiscoveredDevice.TopicOf("ha", "x-1"));
        }

        private static void AssertChannel(string json, string id, string deviceClass, string unit, string precision)
        {
            string at = "cmps/" + id + "/";
            Assert.AreEqual("sensor", JsonQuery.Value(json, at + "p"), id);
            Assert.AreEqual("kitchen_" + id, JsonQuery.Value(json, at + "uniq_id"));
            Assert.AreEqual(deviceClass, JsonQuery.Value(json, at + "dev_cla"));
            Assert.AreEqual(unit, JsonQuery.Value(json, at + "unit_of_meas"));
            Assert.AreEqual("measurement", JsonQuery.Value(json, at + "stat_cla"));
            Assert.AreEqual(precision, JsonQuery.Value(json, at + "sug_dsp_prc"));
            Assert.AreEqual("{{ value_json." + id + " | default(none) }}", JsonQuery.Value(json, at + "val_tpl"));
            Assert.IsNull(JsonQuery.Value(json, at + "stat_t"), "the shared state topic");
            Assert.IsNull(JsonQuery.Value(json, at + "name"), "named by its device class");
            Assert.IsNull(JsonQuery.Value(json, at + "ent_cat"), "a primary entity");
        }

        private static void AssertDiagnostic(string json, string id, string template)
        {
            string at = "cmps/" + id + "/";
            Assert.AreEqual("sensor", JsonQuery.Value(json, at + "p"), id);
            Assert.AreEqual("diagnostic", JsonQuery.Value(json, at + "ent_cat"), id);
            Assert.AreEqual("sensors/kitchen/status", JsonQuery.Value(json, at + "stat_t"), id);
            Assert.AreEqual(template, JsonQuery.Value(json, at + "val_tpl"), id);
        }

        private static string Repeat(char c, int count)
        {
            char[] chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = c;
            }

            return new string(chars);
        }
    }
}
