using System;
using System.Linq;
using Firmware.Drivers.Bme280;
using Firmware.Host.Scenarios;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Drivers
{
    /// <summary>
    /// The figures of docs/thermostat.md, printed by the code that produces them (run with
    /// dotnet test --project Host.Tests --filter "FullyQualifiedName~MeasurementReport" --output detailed).
    /// </summary>
    [TestClass]
    public sealed class MeasurementReportTests
    {
        private const int SupplyMillivolts = 3300;

        public TestContext TestContext { get; set; }

        [TestMethod]
        public void Bme280SamplingEnergyForcedAgainstNormalMode()
        {
            long conversion = Bme280Energy.ConversionPicocoulombs(1, 1, 1);
            TestContext.WriteLine($"BME280 x1/x1/x1, {SupplyMillivolts} mV: one conversion {Bme280Oversampling.TypicalMicroseconds(1, 1, 1) / 1000.0:0.0} ms typ, {conversion / 1e6:0.000} µC = {Energy(conversion):0.00} µJ");
            foreach (int minutes in new[] { 1, 5 })
            {
                long period = minutes * 60_000L;
                long forced = Bme280Energy.ForcedPeriodPicocoulombs(1, 1, 1, period);
                long normal = Bme280Energy.NormalPeriodPicocoulombs(1, 1, 1, 1_000_000, period);
                TestContext.WriteLine($"wake every {minutes} min: forced {forced / 1e6:0.00} µC = {Energy(forced):0.0} µJ per wake ({forced / (double)period / 1000:0.000} µA); " +
                    $"normal (t_sb 1000 ms) {normal / 1e6:0.0} µC = {Energy(normal):0} µJ per wake ({normal / (double)period / 1000:0.00} µA): {normal / (double)forced:0.0}x");
                Assert.IsTrue(normal > 20 * forced);
            }
        }

        [TestMethod]
        public void ThermostatReferenceDay()
        {
            ThermostatScenarioResult result = ThermostatScenario.Run(new ThermostatScenarioOptions());
            using var writer = new System.IO.StringWriter();
            result.Print(writer);
            TestContext.WriteLine(writer.ToString());
            Assert.AreEqual(1440, result.Samples.Count);
        }

        private static double Energy(long picocoulombs) => picocoulombs / 1e6 * SupplyMillivolts / 1000.0;
    }
}
