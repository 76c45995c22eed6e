using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Firmware.Power;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>
    /// The twin with each chip of the family as its climate sensor (--sensor), found by its id as a board finds it and
    /// read as on ESP32: readings delivered to a real broker carry the chip's channels and no other, a BME680's gas
    /// resistance in SenML's "Ohm" with its heater in the ledger, and a thermostat holds the room on a BMP280.
    /// </summary>
    [TestClass]
    public sealed class TwinSensorChipTests
    {
        [TestMethod]
        public void TheSensorOptionNamesAChipOfTheFamily()
        {
            Assert.IsNull(TwinOptions.Parse(Array.Empty<string>(), out _).Sensor, "the role's own sensor by default");
            Assert.AreEqual("bme680", TwinOptions.Parse(new[] { "--sensor", "bme680" }, out string error).Sensor);
            Assert.IsNull(error);
            Assert.IsNull(TwinOptions.Parse(new[] { "--sensor", "bme688" }, out error));
            Assert.AreEqual("--sensor must be bmp280, bme280 or bme680, not 'bme688'", error);
            Assert.IsNull(TwinOptions.Parse(new[] { "--sensor" }, out error));
            Assert.AreEqual("--sensor needs a value", error);
        }

        [TestMethod]
        [DataRow("bmp280", "pressure,temperature")]
        [DataRow("bme280", "humidity,pressure,temperature")]
        [DataRow("bme680", "gas_resistance,humidity,pressure,temperature")]
        public void TheTwinDeliversReadingsWithEachChip(string chip, string channels)
        {
            string flash = Path.Combine(Path.GetTempPath(), $"twin-{chip}-{Guid.NewGuid():N}.flash");
            try
            {
                using MosquittoBroker broker = MosquittoBroker.Start();
                using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/telemetry");
                TwinOptions options = TwinOptions.Parse(new[] { "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--sensor", chip, "--duration", "1h", "--sample-interval", "5m",
                    "--radio-interval", "5m", "--speed", "20000", "--quiet", "--flash", flash, "--fresh" }, out string error);
                Assert.IsNull(error);

                TwinReport report = Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);

                Assert.AreEqual(12, report.Sampled);
                Assert.AreEqual(12, report.Distinct, "every reading reached the broker");
                SortedSet<string> names = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var message in judge.Messages)
                {
                    foreach (JsonElement record in JsonDocument.Parse(message.Payload).RootElement.EnumerateArray())
                    {
                        if (record.TryGetProperty("u", out JsonElement unit))
                        {
                            string name = record.GetProperty("n").GetString();
                            names.Add(name);
                            if (name == "gas_resistance")
                            {
                                Assert.AreEqual("Ohm", unit.GetString(), "SenML's unit of a resistance");
                                Assert.AreEqual(50000, record.GetProperty("v").GetDouble(), 250);
                            }
                        }
                    }
                }

                Assert.AreEqual(channels, string.Join(",", names), "the chip's channels and no empty one");
                // The gas reading's 62 ms of waiting (its conversion and the 50 ms heater) per wake, and the twin's real
                // time awake on top (its clock runs in real time while the firmware works).
                long heater = report.Ledger.Microseconds(PowerPhase.GasHeater);
                if (chip == "bme680")
                {
                    Assert.IsTrue(heater >= 12 * 62_000L && heater < 12 * 80_000L, $"the heater's time in the ledger: {heater} µs");
                }
                else
                {
                    Assert.AreEqual(0L, heater, "no gas sensor, no heater");
                }
            }
            finally
            {
                File.Delete(flash);
            }
        }

        [TestMethod]
        public void TheThermostatHoldsTheRoomOnABmp280()
        {
            string flash = Path.Combine(Path.GetTempPath(), "thermostat-bmp280-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                TwinOptions options = TwinOptions.Parse(new[] { "--role", "thermostat", "--sensor", "bmp280", "--duration", "8h", "--speed", "1000000", "--quiet", "--flash", flash, "--fresh" }, out string error);
                Assert.IsNull(error);

                TwinReport report = Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);

                Assert.AreEqual(480, report.Distinct, "one reading a minute reached the broker");
                Assert.IsTrue(report.Thermostat.RelayChanges.Count(c => c.Energised) >= 3, "the heater cycled");
                Assert.AreEqual(1.0, report.Thermostat.FractionWithinBand(2 * 3_600_000), 1e-9, "the room held the band after warming up");
            }
            finally
            {
                File.Delete(flash);
            }
        }
    }
}
