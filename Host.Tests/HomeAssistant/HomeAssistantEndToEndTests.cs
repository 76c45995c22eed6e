using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.HomeAssistant
{
    /// <summary>
    /// Home Assistant's MQTT discovery end to end: the twin against mosquitto, and an independent client that reads the
    /// device as Home Assistant does (<see cref="HomeAssistantJudge"/>: the device discovery checked against Home
    /// Assistant's schema, every entity's state rendered with its own template in Jinja2, commands sent through the
    /// discovered command topics). A thermostat is set from it and applies what it was sent; a battery sensor announces
    /// itself once, expires rather than freezes, and leaves no device behind when its id changes or it is reset.
    /// </summary>
    [TestClass]
    public sealed class HomeAssistantEndToEndTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

        [TestMethod]
        public void HomeAssistantReadsTheThermostatAndSetsItsTargetTemperatureAndModeThroughTheDiscoveredCommandTopic()
        {
            string flash = FlashFile();
            try
            {
                using MosquittoBroker broker = MosquittoBroker.Start();
                using JinjaRenderer jinja = JinjaRenderer.Start();
                using HomeAssistantJudge ha = HomeAssistantJudge.Start(broker.Port, "homeassistant", jinja);
                Task<TwinReport> run = Task.Run(() => Run(broker.Port, flash, "hall", "--role", "thermostat", "--duration", "3h", "--speed", "600", "--fresh"));

                Assert.IsTrue(ha.WaitFor(() => ha.Device("hall") != null && ha.Render("hall", "thermostat", "current_temperature_topic", "current_temperature_template") != null, Patience),
                    "no discovery and state from the thermostat");
                JsonObject device = ha.Device("hall");
                List<string> problems = HomeAssistantSchema.Check(device);
                Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
                Assert.AreEqual("temperature,humidity,pressure,rssi,held,dropped,last_error,boot,thermostat,firmware", string.Join(",", device["components"].AsObject().Select(c => c.Key)));
                Assert.AreEqual("climate", (string)device["components"]["thermostat"]["platform"]);
                Assert.AreEqual(true, ha.Available("hall", "thermostat"), "online: the status says so, and its will would say offline");

                // What the climate card shows: the room, the target, the mode and what the heater does.
                Assert.IsTrue(double.TryParse(ha.Render("hall", "thermostat", "current_temperature_topic", "current_temperature_template"), NumberStyles.Float, CultureInfo.InvariantCulture, out double room), "the current temperature is a number");
                Assert.IsTrue(room > 0 && room < 40, room.ToString(CultureInfo.InvariantCulture));
                Assert.AreEqual("21", Target(ha));
                Assert.AreEqual("heat", Mode(ha));
                CollectionAssert.Contains(new[] { "heating", "idle" }, Action(ha));

                // The user sets 23.5 °C in Home Assistant: the entity renders its command template and publishes it.
                Assert.AreEqual("23.5", ha.Send("hall", "thermostat", "temperature_command_topic", "temperature_command_template", JsonValue.Create(23.5)));
                Assert.IsTrue(ha.WaitFor(() => Target(ha) == "23.5", Patience), "the device never showed the new target: " + ha.Last("sensors/hall/state"));

                Assert.AreEqual("{\"mode\":\"off\"}", ha.Send("hall", "thermostat", "mode_command_topic", "mode_command_template", JsonValue.Create("off")));
                Assert.IsTrue(ha.WaitFor(() => Mode(ha) == "off", Patience), "the device never showed mode off: " + ha.Last("sensors/hall/state"));
                Assert.IsTrue(ha.WaitFor(() => Action(ha) == "off", Patience), "switched off, the heater is off: " + ha.Last("sensors/hall/state"));
                ha.Send("hall", "thermostat", "mode_command_topic", "mode_command_template", JsonValue.Create("heat"));
                Assert.IsTrue(ha.WaitFor(() => Mode(ha) == "heat", Patience), "the device never showed mode heat again");

                TwinReport report = run.GetAwaiter().GetResult();
                Assert.AreEqual(2350, report.Thermostat.SetpointCenti, "the target Home Assistant set is the device's setpoint, kept in flash");
                Assert.AreEqual(report.BrokerSessionsReached, ha.Discoveries("hall").Count, "one discovery for each connection of a mains device");
                Assert.AreEqual(1, ha.Discoveries("hall").Distinct().Count(), "and the same each time");
                Assert.AreEqual(false, ha.Available("hall", "temperature"), "stopped: offline");
                Assert.AreEqual("23.5", Target(ha), "the retained state still says the target");
            }
            finally
            {
                File.Delete(flash);
            }
        }

        [TestMethod]
        public void HomeAssistantReadsTheBatterySensorWhichAnnouncesItselfOnceExpiresAndLeavesNoDeviceBehind()
        {
            string flash = FlashFile();
            try
            {
                using MosquittoBroker broker = MosquittoBroker.Start();
                using JinjaRenderer jinja = JinjaRenderer.Start();
                using HomeAssistantJudge ha = HomeAssistantJudge.Start(broker.Port, "homeassistant", jinja);
                TwinReport report = Run(broker.Port, flash, "kitchen", "--duration", "4h", "--speed", "20000", "--fresh");
                Assert.IsTrue(report.RadioSessions >= 4, "sessions at power-on and every hour");
                Assert.IsTrue(ha.WaitFor(() => ha.Last("sensors/kitchen/status") != null && ha.Last("sensors/kitchen/status").Contains("\"sleeping\"", StringComparison.Ordinal), Patience));

                Assert.AreEqual(1, ha.Discoveries("kitchen").Count, "announced at the first session, unchanged since");
                JsonObject device = ha.Device("kitchen");
                List<string> problems = HomeAssistantSchema.Check(device);
                Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
                Assert.AreEqual("temperature,humidity,pressure,battery,rssi,held,dropped,last_error,boot,firmware", string.Join(",", device["components"].AsObject().Select(c => c.Key)));
                Assert.AreEqual("kitchen", (string)device["device"]["identifiers"][0]);
                Assert.AreEqual(report.Firmware, (string)device["device"]["sw_version"]);
                Assert.IsNull(device["availability_topic"], "a sleeping device has no availability: its entities expire instead");

                // Every sensor expires after two missed sessions of 60 min, and only sensors expire.
                foreach (KeyValuePair<string, JsonNode> component in device["components"].AsObject())
                {
                    JsonObject entity = ha.Entity("kitchen", component.Key);
                    if ((string)entity["platform"] == "sensor")
                    {
                        long expiry = (long)entity["expire_after"];
                        Assert.IsTrue(expiry > 2 * 3600 && expiry < 3 * 3600, $"{component.Key} expires after {expiry} s");
                    }
                }

                foreach (string numeric in new[] { "temperature", "humidity", "pressure", "battery", "rssi", "held", "dropped" })
                {
                    string state = ha.State("kitchen", numeric);
                    Assert.IsTrue(double.TryParse(state, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"{numeric}: '{state}' is not a number");
                }

                Assert.AreEqual("-55", ha.State("kitchen", "rssi"));
                Assert.AreEqual("0", ha.State("kitchen", "dropped"));
                Assert.AreEqual("none", ha.State("kitchen", "last_error"));
                Assert.IsTrue(ha.State("kitchen", "boot").Length > 0);
                string update = ha.State("kitchen", "firmware");
                problems = HomeAssistantSchema.CheckUpdateState(update);
                Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
                JsonObject firmware = JsonNode.Parse(update).AsObject();
                Assert.AreEqual(report.Firmware, (string)firmware["installed_version"]);
                Assert.AreEqual(report.Firmware, (string)firmware["latest_version"], "no update offered");
                Assert.AreEqual(false, (bool)firmware["in_progress"]);

                // The device is given another id: the old device goes, with its retained state and status.
                Run(broker.Port, flash, "pantry", "--duration", "10m", "--speed", "20000");
                Assert.IsTrue(ha.WaitFor(() => ha.Device("pantry") != null, Patience), "the renamed device was not announced");
                Assert.AreEqual(string.Empty, ha.Discoveries("kitchen").Last(), "the old discovery removed with an empty retained message");
                Assert.IsNull(ha.Device("kitchen"), "no ghost device");
                Assert.AreEqual(string.Empty, ha.Last("sensors/kitchen/state"));
                Assert.AreEqual(string.Empty, ha.Last("sensors/kitchen/status"));

                // A factory reset: the device's discovery is removed, then the device announces itself as new.
                Run(broker.Port, flash, "pantry", "--duration", "10m", "--speed", "20000", "--factory-reset");
                Assert.IsTrue(ha.WaitFor(() => ha.Discoveries("pantry").Count == 3, Patience), string.Join("\n", ha.Discoveries("pantry")));
                Assert.AreEqual(string.Empty, ha.Discoveries("pantry")[1], "removed after the reset");
                Assert.IsNotNull(ha.Device("pantry"), "and announced again");
            }
            finally
            {
                File.Delete(flash);
            }
        }

        private static string Target(HomeAssistantJudge ha) => ha.Render("hall", "thermostat", "temperature_state_topic", "temperature_state_template");

        private static string Mode(HomeAssistantJudge ha) => ha.Render("hall", "thermostat", "mode_state_topic", "mode_state_template");

        private static string Action(HomeAssistantJudge ha) => ha.Render("hall", "thermostat", "action_topic", "action_template");

        private static string FlashFile() => Path.Combine(Path.GetTempPath(), "home-assistant-" + Guid.NewGuid().ToString("N") + ".flash");

        private static TwinReport Run(int port, string flash, string deviceId, params string[] more)
        {
            TwinOptions options = TwinOptions.Parse(new[] { "--device-id", deviceId, "--broker", $"mqtt://127.0.0.1:{port}", "--quiet", "--flash", flash }
                .Concat(more).ToArray(), out string error);
            Assert.IsNull(error, error);
            return Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);
        }
    }
}
