using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Control
{
    /// <summary>
    /// Thermostat settings over MQTT, end to end: the twin's thermostat role against mosquitto, an operator's client
    /// sending setpoints on <c>…/cmd/setpoint</c> and an independent subscriber judging. A valid setpoint is applied,
    /// answered, persisted and steers the simulated room; bad ones are refused with a clear message on <c>…/events</c>
    /// and change nothing; the setpoint survives a restart of the device; the retained state and every telemetry
    /// reading carry the heating state and the setpoint.
    /// </summary>
    [TestClass]
    public sealed class ThermostatCommandTests
    {
        private const string Root = "sensors/thermo-1/";

        [TestMethod]
        public void SetpointsOverMqttAreValidatedPersistedAndSteerTheRoomAcrossARestart()
        {
            string flash = Path.Combine(Path.GetTempPath(), "thermostat-commands-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                using MosquittoBroker broker = MosquittoBroker.Start();
                using Subscriber judge = Subscriber.Start(broker.Port, Root + "#");

                // The desired setpoint is retained: the device takes it when it first subscribes.
                Publisher.Publish(broker.Port, Root + "cmd/setpoint", "{\"setpoint\":19.5,\"hysteresis\":0.4}", true);
                Task<TwinReport> first = Task.Run(() => Run(broker.Port, flash, "8h", "--fresh"));
                Assert.IsTrue(SpinWait.SpinUntil(() => Events(judge).Any(e => (string)e["result"] == "applied"), 30000), "the retained setpoint was never applied");

                // An operator's mistakes, sent while it runs: each refused with its reason, nothing changed.
                Publisher.Publish(broker.Port, Root + "cmd/setpoint", "45", false);
                Publisher.Publish(broker.Port, Root + "cmd/setpoint", "{\"hysteresis\":-0.5}", false);
                Publisher.Publish(broker.Port, Root + "cmd/setpoint", "\"warm\"", false);
                Publisher.Publish(broker.Port, Root + "cmd/setpoint", "{\"setpoint\":20,\"fan\":1}", false);
                TwinReport run1 = first.GetAwaiter().GetResult();

                string[] errors = Events(judge).Where(e => (string)e["result"] == "rejected").Select(e => (string)e["error"]).ToArray();
                CollectionAssert.AreEqual(new[]
                {
                    "setpoint must be 5 °C to 30 °C, not 45 °C",
                    "hysteresis must be greater than 0 °C, not -0.5 °C",
                    "setpoint must be a number in °C, e.g. 21.5, not a string",
                    "unknown thermostat setting 'fan' (known: setpoint, hysteresis, cutoff, minOnSeconds, minOffSeconds, maxOnSeconds, mode)",
                }, errors, string.Join("\n", Events(judge).Select(e => e.ToJsonString())));
                JsonObject applied = Events(judge).Single(e => (string)e["result"] == "applied");
                Assert.AreEqual(19.5, (double)applied["setpoint"]);
                Assert.AreEqual(0.4, (double)applied["hysteresis"]);

                JsonObject state = LastState(judge);
                Assert.AreEqual(19.5, (double)state["setpoint"], state.ToJsonString());
                Assert.AreEqual(0.4, (double)state["hysteresis"], state.ToJsonString());
                Assert.IsNotNull(state["heating"], state.ToJsonString());
                AssertTelemetryCarries(judge, 19.5, 0, run1.NextSequence);
                Assert.AreEqual(1950, run1.Thermostat.SetpointCenti, "the settings in the device's state store");
                Assert.AreEqual(1.0, run1.Thermostat.FractionWithinBand(2 * 3_600_000), 1e-9, "the room held 19.5 ± 0.4 °C from two hours on");

                // The retained setpoint is cleared, the device restarts: it keeps the setpoint from flash.
                Publisher.Publish(broker.Port, Root + "cmd/setpoint", string.Empty, true);
                int eventsBefore = Events(judge).Count;
                TwinReport run2 = Run(broker.Port, flash, "6h");
                Thread.Sleep(200);

                Assert.AreEqual(eventsBefore, Events(judge).Count, "nothing was sent or answered after the restart");
                Assert.AreEqual(19.5, (double)LastState(judge)["setpoint"]);
                AssertTelemetryCarries(judge, 19.5, run2.FirstSequence, run2.NextSequence);
                Assert.AreEqual(1.0, run2.Thermostat.FractionWithinBand(2 * 3_600_000), 1e-9, "after the restart the room is held at the persisted setpoint");
            }
            finally
            {
                File.Delete(flash);
            }
        }

        private static TwinReport Run(int port, string flash, string duration, params string[] more)
        {
            TwinOptions options = TwinOptions.Parse(new[] { "--role", "thermostat", "--device-id", "thermo-1", "--broker", $"mqtt://127.0.0.1:{port}",
                "--duration", duration, "--speed", "20000", "--quiet", "--flash", flash }.Concat(more).ToArray(), out string error);
            Assert.IsNull(error);
            return Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);
        }

        private static System.Collections.Generic.List<JsonObject> Events(Subscriber judge) =>
            judge.Messages.Where(m => m.Topic == Root + "events").Select(m => JsonNode.Parse(m.Payload) as JsonObject)
                .Where(e => (string)e?["event"] == "setpoint").ToList();

        private static JsonObject LastState(Subscriber judge) =>
            judge.Messages.Where(m => m.Topic == Root + "state").Select(m => JsonNode.Parse(m.Payload) as JsonObject).Last();

        /// <summary>Every SenML reading with a sequence in [from, to) carries the setpoint, and heating 0 or 1; both occur.</summary>
        private static void AssertTelemetryCarries(Subscriber judge, double setpoint, long from, long to)
        {
            int readings = 0;
            bool on = false;
            bool off = false;
            foreach (var message in judge.Messages.Where(m => m.Topic == Root + "telemetry"))
            {
                JsonArray pack = JsonNode.Parse(message.Payload).AsArray();
                long sequence = -1;
                double? seen = null;
                int? heating = null;
                foreach (JsonNode record in pack)
                {
                    if ((string)record["n"] == "seq")
                    {
                        if (sequence >= from && sequence < to)
                        {
                            Check(sequence, seen, heating, setpoint, ref readings, ref on, ref off);
                        }

                        sequence = (long)record["v"];
                        seen = null;
                        heating = null;
                    }
                    else if ((string)record["n"] == "setpoint")
                    {
                        seen = (double)record["v"];
                    }
                    else if ((string)record["n"] == "heating")
                    {
                        heating = (int)record["v"];
                    }
                }

                if (sequence >= from && sequence < to)
                {
                    Check(sequence, seen, heating, setpoint, ref readings, ref on, ref off);
                }
            }

            Assert.IsTrue(readings > 100, $"{readings} readings judged");
            Assert.IsTrue(on && off, "the heater was seen both on and off in telemetry");
        }

        private static void Check(long sequence, double? seen, int? heating, double setpoint, ref int readings, ref bool on, ref bool off)
        {
            Assert.IsNotNull(heating, $"reading #{sequence} carries the heating state");
            Assert.IsTrue(heating == 0 || heating == 1);
            on |= heating == 1;
            off |= heating == 0;
            if (sequence > 1)
            {
                // The first reading of a fresh device is taken before the retained setpoint arrives.
                Assert.AreEqual(setpoint, seen, $"reading #{sequence} carries the setpoint");
            }

            readings++;
        }
    }
}
