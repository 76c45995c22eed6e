using System.IO;
using System.Linq;
using Firmware.Device;
using Firmware.Host.Fleet;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Fleet
{
    /// <summary>The fleet's mix: its thermostats send their readings in batches on the firmware's default interval, which a mix file may set per kind.</summary>
    [TestClass]
    public sealed class FleetMixTests
    {
        [TestMethod]
        public void TheDefaultThermostatsUseTheFirmwaresDefaultTelemetryInterval()
        {
            DeviceKind thermostat = FleetMix.Default().Kinds.Single(k => k.IsThermostat);

            Assert.AreEqual(new DeviceConfig().MainsTelemetryIntervalSeconds, thermostat.MainsTelemetryIntervalSeconds);
            Assert.AreEqual(300, thermostat.MainsTelemetryIntervalSeconds);
        }

        [TestMethod]
        public void AMixFileSetsTheIntervalPerKindAndAKindWithoutItTakesTheDefault()
        {
            string path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, "{\"kinds\":[{\"name\":\"fast\",\"role\":\"thermostat\",\"share\":0.5,\"sampleIntervalSeconds\":60,\"mainsTelemetryIntervalSeconds\":0},"
                    + "{\"name\":\"plain\",\"role\":\"thermostat\",\"share\":0.5,\"sampleIntervalSeconds\":60}]}");
                FleetMix mix = FleetMix.Read(path);

                Assert.IsNull(mix.Check());
                Assert.AreEqual(0, mix.Kinds[0].MainsTelemetryIntervalSeconds, "every sample, as before batches");
                Assert.AreEqual(300, mix.Kinds[1].MainsTelemetryIntervalSeconds);
                File.WriteAllText(path, FleetMix.Default().ToJson());
                Assert.AreEqual(300, FleetMix.Read(path).Kinds.Single(k => k.IsThermostat).MainsTelemetryIntervalSeconds, "the printed mix reads back");
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        [DataRow(-1)]
        [DataRow(86401)]
        public void AnIntervalTheFirmwareWouldRefuseIsRefusedWithTheKindsName(int seconds)
        {
            FleetMix mix = FleetMix.Default();
            mix.Kinds.Single(k => k.IsThermostat).MainsTelemetryIntervalSeconds = seconds;

            Assert.AreEqual($"kind 'thermostat': mainsTelemetryIntervalSeconds must be 0 to 86400, not {seconds}", mix.Check());
        }
    }
}
