using System.Collections;
using Firmware.Device;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using Firmware.Tests.Json;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>
    /// Home Assistant's discovery in the device loop: a battery device announces itself at its first session and not
    /// again while nothing changes, its sensors expiring after two missed sessions; a mains device is available from its
    /// status and announces itself at every connection; the name, the prefix and turning it off come from the
    /// configuration; a factory reset (by command or at boot) and a new device id leave no device behind; a status command
    /// publishes it again; a thermostat takes Home Assistant's own commands on its setpoint command.
    /// </summary>
    [TestClass]
    public class HomeAssistantDiscoveryTests
    {
        private const string Discovery = "homeassistant/device/kitchen/config";
        private const string Cmd = "sensors/kitchen/cmd/";

        [TestMethod]
        public void ABatteryDeviceAnnouncesItselfAtItsFirstSessionAndNotAgainWhileNothingChanges()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Wake();
            ArrayList published = rig.Mqtt.TextsOn(Discovery);
            Assert.AreEqual(1, published.Count, "the first wake after a power-on reports in at once");
            string json = (string)published[0];
            Assert.AreEqual("kitchen", JsonQuery.Items(json, "dev/ids"));
            Assert.AreEqual("kitchen", JsonQuery.Value(json, "dev/name"));
            Assert.AreEqual("1.0.0", JsonQuery.Value(json, "dev/sw"), "the running firmware's version");
            Assert.AreEqual("kitchen", JsonQuery.Value(json, "dev/sn"), "the hardware id");
            Assert.AreEqual("ESP32 sensor (climate)", JsonQuery.Value(json, "dev/mdl"));
            Assert.AreEqual("esp32-wroom-2aa", JsonQuery.Value(json, "dev/mdl_id"));
            Assert.AreEqual("sensors/kitchen/state", JsonQuery.Value(json, "stat_t"));
            Assert.IsNull(JsonQuery.Value(json, "avty_t"), "a sleeping device has no availability: its sensors expire");
            Assert.AreEqual("temperature,humidity,pressure,rssi,held,dropped,last_error,boot", JsonQuery.Names(json, "cmps"),
                "no battery gauge, no updates on this board");

            // 3600 s sessions on 300 s samples: 12 wakes, rounded up to 16; two of them, a sample and the session's budget.
            Assert.AreEqual("9930", JsonQuery.Value(json, "cmps/temperature/exp_aft"));
            Assert.IsTrue(Retained(rig, Discovery));

            rig.Wakes(36);
            Assert.AreEqual(4, rig.Mqtt.TextsOn("sensors/kitchen/state").Count, "three more sessions");
            Assert.AreEqual(1, rig.Mqtt.TextsOn(Discovery).Count, "and no discovery in them");
        }

        [TestMethod]
        public void TheRetainedStateAndStatusCarryWhatTheTemplatesRead()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Wake();
            string state = Last(rig, "sensors/kitchen/state");
            Assert.AreEqual("21.5", JsonQuery.Value(state, "temperature"), state);
            Assert.AreEqual("45.5", JsonQuery.Value(state, "humidity"), state);
            Assert.AreEqual("101325", JsonQuery.Value(state, "pressure"), state);
            string status = Last(rig, "sensors/kitchen/status");
            Assert.IsNotNull(JsonQuery.Value(status, "log/held"), status);
            Assert.IsNotNull(JsonQuery.Value(status, "log/dropped"), status);
            Assert.AreEqual("null", JsonQuery.Value(status, "lastError"), status);
            Assert.AreEqual("power-on", JsonQuery.Value(status, "wake"), status);
            Assert.AreEqual("1.0.0", JsonQuery.Value(status, "fw"), status);
        }

        [TestMethod]
        public void AStretchedRadioIntervalStretchesTheExpiryOnlyWhenItCrossesAPowerOfTwo()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Config.RadioIntervalSeconds = 4200;
            rig.Wake();
            Assert.AreEqual("9930", JsonQuery.Value(Last(rig, Discovery), "cmps/temperature/exp_aft"), "14 wakes round up to 16 as 12 do");

            rig.Config.RadioIntervalSeconds = 5100;
            rig.Wakes(15);
            ArrayList published = rig.Mqtt.TextsOn(Discovery);
            Assert.AreEqual(2, published.Count, "17 wakes round up to 32");
            Assert.AreEqual("19530", JsonQuery.Value((string)published[1], "cmps/temperature/exp_aft"));
        }

        [TestMethod]
        public void TheNameAndConfigurationUrlOfAConfigurationDocumentReachHomeAssistantAtTheNextSession()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Config.RadioIntervalSeconds = 300;
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":2,\"deviceName\":\"Kitchen window\",\"configurationUrl\":\"https://fleet.example.com/kitchen\"}", false);
            rig.Wake();
            string applied = Last(rig, "sensors/kitchen/events");
            Assert.IsTrue(Ordinal.IndexOf(applied, "\"result\":\"applied\"") > 0, applied);
            rig.Wake();

            ArrayList published = rig.Mqtt.TextsOn(Discovery);
            Assert.AreEqual(2, published.Count);
            Assert.AreEqual("Kitchen window", JsonQuery.Value((string)published[1], "dev/name"));
            Assert.AreEqual("https://fleet.example.com/kitchen", JsonQuery.Value((string)published[1], "dev/cu"));
        }

        [TestMethod]
        public void TheDiscoveryPrefixIsConfiguredAndChangingItMovesTheDiscovery()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Config.RadioIntervalSeconds = 300;
            rig.Config.DiscoveryPrefix = "ha";
            rig.Wake();
            Assert.AreEqual(1, rig.Mqtt.TextsOn("ha/device/kitchen/config").Count);

            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":2,\"discoveryPrefix\":\"homeassistant\"}", false);
            rig.Wakes(2);
            ArrayList old = rig.Mqtt.TextsOn("ha/device/kitchen/config");
            Assert.AreEqual(2, old.Count);
            Assert.AreEqual(string.Empty, (string)old[1], "removed where it was");
            Assert.AreEqual(1, rig.Mqtt.TextsOn(Discovery).Count, "published where it is now");
        }

        [TestMethod]
        public void TurningDiscoveryOffRemovesTheDeviceFromHomeAssistant()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Config.RadioIntervalSeconds = 300;
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":2,\"discovery\":false}", false);
            rig.Wakes(3);

            ArrayList published = rig.Mqtt.TextsOn(Discovery);
            Assert.AreEqual(2, published.Count);
            Assert.AreEqual(string.Empty, (string)published[1]);
            Assert.IsTrue(Retained(rig, Discovery));
            Assert.IsNull(rig.Last.HomeAssistantDevice);
        }

        [TestMethod]
        public void AFactoryResetCommandRemovesTheDiscoveryInItsSession()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Config.RadioIntervalSeconds = 300;
            rig.Wake();
            long now = rig.World.UnixTimeMilliseconds / 1000;
            rig.Mqtt.Deliver(Cmd + "factory-reset", "{\"id\":\"f-1\",\"expires\":" + (now + 600).ToString() + "}", false);
            rig.Wake();
            Assert.IsTrue(rig.Power.Rebooted);

            ArrayList published = rig.Mqtt.TextsOn(Discovery);
            Assert.AreEqual(2, published.Count);
            Assert.AreEqual(string.Empty, (string)published[1], "removed before the goodbye");
            Assert.IsTrue(LastIndexOf(rig, Discovery) < LastIndexOf(rig, "sensors/kitchen/status"), "the removal comes before the goodbye");

            rig.Wake();
            published = rig.Mqtt.TextsOn(Discovery);
            Assert.AreEqual(3, published.Count, "after the reset the device reports in again, as a new device");
            Assert.IsTrue(((string)published[2]).Length > 0);
        }

        [TestMethod]
        public void AStatusCommandPublishesTheDiscoveryAgainForABrokerThatLostIt()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Config.RadioIntervalSeconds = 300;
            rig.Wakes(2);
            Assert.AreEqual(1, rig.Mqtt.TextsOn(Discovery).Count, "once while nothing changes");

            long now = rig.World.UnixTimeMilliseconds / 1000;
            rig.Mqtt.Deliver(Cmd + "status", "{\"id\":\"s-1\",\"expires\":" + (now + 600).ToString() + "}", false);
            rig.Wake();
            ArrayList published = rig.Mqtt.TextsOn(Discovery);
            Assert.AreEqual(2, published.Count, "published again, unchanged");
            Assert.AreEqual((string)published[0], (string)published[1]);
            Assert.IsTrue(Retained(rig, Discovery));

            rig.Wake();
            Assert.AreEqual(2, rig.Mqtt.TextsOn(Discovery).Count, "and not again after that");
        }

        [TestMethod]
        public void AFactoryResetAtBootRemovesTheDiscoveryAtTheNextSessionFirst()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Wake();
            Application.FactoryReset(rig.Platform);
            rig.PowerCycle();
            int before = rig.Mqtt.PublishedCount;
            rig.Wake();

            ArrayList published = rig.Mqtt.TextsOn(Discovery);
            Assert.AreEqual(3, published.Count);
            Assert.AreEqual(string.Empty, (string)published[1], "the old device removed");
            Assert.IsTrue(((string)published[2]).Length > 0, "then announced again");
            Assert.IsTrue(rig.Mqtt.PublishedCount > before);
        }

        [TestMethod]
        public void ANewDeviceIdLeavesNoGhostDeviceBehind()
        {
            DeviceRig rig = new DeviceRig("kitchen");
            rig.Wake();
            rig.Config.DeviceId = "pantry";
            rig.PowerCycle();
            rig.Wake();

            ArrayList old = rig.Mqtt.TextsOn(Discovery);
            Assert.AreEqual(2, old.Count);
            Assert.AreEqual(string.Empty, (string)old[1], "the old discovery removed");
            ArrayList oldStatus = rig.Mqtt.TextsOn("sensors/kitchen/status");
            Assert.AreEqual(string.Empty, (string)oldStatus[oldStatus.Count - 1], "the old retained status cleared");
            ArrayList oldState = rig.Mqtt.TextsOn("sensors/kitchen/state");
            Assert.AreEqual(string.Empty, (string)oldState[oldState.Count - 1], "the old retained state cleared");
            ArrayList now = rig.Mqtt.TextsOn("homeassistant/device/pantry/config");
            Assert.AreEqual(1, now.Count);
            Assert.AreEqual("pantry", JsonQuery.Items((string)now[0], "dev/ids"));
        }

        [TestMethod]
        public void AMainsDeviceIsAvailableFromItsStatusAndAnnouncesItselfAtEveryConnection()
        {
            FakeClock clock = new FakeClock();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = TestPlatform.Online(clock, mqtt, TestPlatform.ClimateSensor(), 5 * 60000);
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "hall";
            config.PowerMode = PowerModes.Mains;
            config.SampleIntervalSeconds = 60;
            new DeviceLoop(platform, config, "2.0.0").Run();

            ArrayList published = mqtt.TextsOn("homeassistant/device/hall/config");
            Assert.AreEqual(1, published.Count, "once per connection, not per sample");
            string json = (string)published[0];
            Assert.AreEqual("sensors/hall/status", JsonQuery.Value(json, "avty_t"));
            Assert.AreEqual("{{ value_json.state }}", JsonQuery.Value(json, "avty_tpl"));
            Assert.IsNull(JsonQuery.Value(json, "cmps/temperature/exp_aft"));

            platform.Power = new FakePower(clock, clock.UptimeMilliseconds + 60000);
            new DeviceLoop(platform, config, "2.0.0").Run();
            Assert.AreEqual(2, mqtt.TextsOn("homeassistant/device/hall/config").Count, "a new connection announces it again, unchanged");
        }

        [TestMethod]
        public void AThermostatTakesHomeAssistantsTargetTemperatureAndModeCommands()
        {
            FakeClock clock = new FakeClock();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            FakeSensor sensor = TestPlatform.ClimateSensor();
            sensor.Values[0] = 1800;
            Platform platform = TestPlatform.Online(clock, mqtt, sensor, 5 * 60000);
            FakeRelay relay = new FakeRelay();
            platform.Relay = relay;
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "hall";
            config.SampleIntervalSeconds = 60;

            // What Home Assistant publishes: temperature_command_template renders 22.5, mode_command_template {"mode":"heat"}.
            mqtt.Deliver("sensors/hall/cmd/setpoint", "22.5", false);
            DeviceLoop loop = new DeviceLoop(platform, config, "2.0.0");
            loop.Run();

            string json = (string)mqtt.TextsOn("homeassistant/device/hall/config")[0];
            Assert.AreEqual("climate", JsonQuery.Value(json, "cmps/thermostat/p"));
            Assert.AreEqual("sensors/hall/cmd/setpoint", JsonQuery.Value(json, "cmps/thermostat/temp_cmd_t"));
            Assert.IsNull(JsonQuery.Value(json, "cmps/battery"), "a mains thermostat has no battery");
            Assert.AreEqual(2250, loop.Context.Thermostat.SetpointCenti);
            Assert.IsTrue(relay.IsOn, "18 °C: heating");
            string state = Last(mqtt, "sensors/hall/state");
            Assert.AreEqual("22.5", JsonQuery.Value(state, "setpoint"), state);
            Assert.AreEqual("heat", JsonQuery.Value(state, "mode"), state);
            Assert.AreEqual("heating", JsonQuery.Value(state, "action"), state);
            Assert.AreEqual("18", JsonQuery.Value(state, "temperature"), state);

            mqtt.Deliver("sensors/hall/cmd/setpoint", "{\"mode\":\"off\"}", false);
            platform.Power = new FakePower(clock, clock.UptimeMilliseconds + 2 * 60000);
            loop = new DeviceLoop(platform, config, "2.0.0");
            loop.Run();
            Assert.IsFalse(relay.IsOn, "off at boot, and kept off: switched off from Home Assistant");
            state = Last(mqtt, "sensors/hall/state");
            Assert.AreEqual("off", JsonQuery.Value(state, "mode"), state);
            Assert.AreEqual("off", JsonQuery.Value(state, "action"), state);
            Assert.AreEqual("22.5", JsonQuery.Value(state, "setpoint"), "the setpoint stays");
        }

        private static string Last(DeviceRig rig, string topic)
        {
            return Last(rig.Mqtt, topic);
        }

        private static string Last(FakeMqttLink mqtt, string topic)
        {
            ArrayList texts = mqtt.TextsOn(topic);
            return (string)texts[texts.Count - 1];
        }

        private static int LastIndexOf(DeviceRig rig, string topic)
        {
            int last = -1;
            for (int i = 0; i < rig.Mqtt.PublishedCount; i++)
            {
                if (rig.Mqtt.GetPublished(i).Topic == topic)
                {
                    last = i;
                }
            }

            return last;
        }

        private static bool Retained(DeviceRig rig, string topic)
        {
            for (int i = 0; i < rig.Mqtt.PublishedCount; i++)
            {
                PublishedMessage m = rig.Mqtt.GetPublished(i);
                if (m.Topic == topic && (!m.Retain || m.Qos != 1))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
