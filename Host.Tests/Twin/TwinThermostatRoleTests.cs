using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>The twin's thermostat role: the firmware controls the simulated room while it publishes to a real broker.</summary>
    [TestClass]
    public sealed class TwinThermostatRoleTests
    {
        [TestMethod]
        public void TheRoleIsParsedAndSamplesEveryMinuteByDefault()
        {
            TwinOptions o = TwinOptions.Parse(new[] { "--role", "thermostat" }, out string error);
            Assert.IsNull(error);
            Assert.IsTrue(o.IsThermostat);
            Assert.AreEqual(TimeSpan.FromMinutes(1), o.SampleInterval);
            Assert.AreEqual(TimeSpan.FromMinutes(5), TwinOptions.Parse(Array.Empty<string>(), out _).SampleInterval);
            Assert.IsNull(TwinOptions.Parse(new[] { "--role", "heater" }, out error));
            Assert.AreEqual("--role must be sensor or thermostat, not 'heater'", error);
        }

        [TestMethod]
        public void TheTwinRunsTheThermostatAgainstTheSimulatedRoom()
        {
            TwinOptions options = TwinOptions.Parse(new[] { "--role", "thermostat", "--duration", "8h", "--speed", "1000000", "--quiet", "--flash", Path.Combine(Path.GetTempPath(), "thermostat-role-" + Guid.NewGuid().ToString("N") + ".flash"), "--fresh" }, out string error);
            Assert.IsNull(error);

            TwinReport report = Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);

            Assert.AreEqual(480, report.Distinct, "one reading a minute reached the broker");
            Assert.IsNotNull(report.Thermostat);
            Assert.IsTrue(report.Thermostat.RelayChanges.Count(c => c.Energised) >= 3, "the heater cycled");
            Assert.AreEqual(1.0, report.Thermostat.FractionWithinBand(2 * 3_600_000), 1e-9, "the room held the band after warming up");
        }
    }
}
