using System;
using System.Linq;
using Firmware.Drivers.Bme280;
using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmp280;
using Firmware.Power;
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
        public void BoschFamilyEnergyPerWakeForEachChipAndMode()
        {
            // The chips' own charge (their datasheets' currents and times, Bmp280Energy and Bme680Energy), ×1 oversampling.
            long bmp = Bmp280Energy.ConversionPicocoulombs(1, 1);
            TestContext.WriteLine($"BMP280 x1/x1, {SupplyMillivolts} mV: one conversion {Bmp280Energy.ConversionMicroseconds(1, 1) / 1000.0:0.0} ms typ, {bmp / 1e6:0.000} µC = {Energy(bmp):0.00} µJ");
            foreach (int minutes in new[] { 1, 5 })
            {
                long period = minutes * 60_000L;
                long forced = Bmp280Energy.ForcedPeriodPicocoulombs(1, 1, period);
                long normal = Bmp280Energy.NormalPeriodPicocoulombs(1, 1, 1_000_000, period);
                TestContext.WriteLine($"  wake every {minutes} min: forced {Line(forced, period)}; normal (t_sb 1000 ms) {Line(normal, period)}: {normal / (double)forced:0.0}x");
                Assert.IsTrue(normal > 20 * forced);
            }

            long climate = Bme680Energy.ConversionPicocoulombs(1, 1, 1, false);
            TestContext.WriteLine($"BME680 x1/x1/x1, {SupplyMillivolts} mV: one conversion without gas {Bme680Energy.ConversionMicroseconds(1, 1, 1, false) / 1000.0:0.00} ms, {climate / 1e6:0.000} µC = {Energy(climate):0.00} µJ");
            foreach (GasHeaterProfile heater in new[] { GasHeaterProfile.Battery(), GasHeaterProfile.Mains() })
            {
                long gas = Bme680Energy.ConversionPicocoulombs(1, 1, 1, true) + Bme680Energy.HeaterPicocoulombs(heater.Milliseconds);
                TestContext.WriteLine($"  a gas reading, heater {heater.TargetCelsius} C for {heater.Milliseconds} ms: {(Bme680Energy.ConversionMicroseconds(1, 1, 1, true) / 1000.0) + heater.Milliseconds:0.0} ms, {gas / 1e6:0.0} µC = {Energy(gas):0} µJ, {gas / (double)climate:0}x a climate conversion");
            }

            foreach (int minutes in new[] { 1, 5 })
            {
                long period = minutes * 60_000L;
                long forced = Bme680Energy.ForcedPeriodPicocoulombs(1, 1, 1, 0, period);
                long battery = Bme680Energy.ForcedPeriodPicocoulombs(1, 1, 1, GasHeaterProfile.Battery().Milliseconds, period);
                long mains = Bme680Energy.ForcedPeriodPicocoulombs(1, 1, 1, GasHeaterProfile.Mains().Milliseconds, period);

                // The firmware reads the climate and the gas as two forced conversions: the gas wake pays both.
                long climateAndGas = battery + Bme680Energy.ConversionPicocoulombs(1, 1, 1, false);
                TestContext.WriteLine($"  wake every {minutes} min: forced without gas {Line(forced, period)}; with gas (50 ms heater) {Line(climateAndGas, period)}; "
                    + $"with gas (150 ms heater) {Line(mains + Bme680Energy.ConversionPicocoulombs(1, 1, 1, false), period)}");
                Assert.IsTrue(climateAndGas > 10 * forced);
            }

            // The board's side: the ESP32 waits through the gas reading (the ledger's heater phase, 52 mA with the heater),
            // against a five-minute sample wake without radio on 2xAA (boot, the climate's measurement, the CPU's least).
            EnergyLedger wake = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            wake.AddWake();
            wake.Add(PowerPhase.SensorMeasure, wake.Profile.SensorMeasureMilliseconds);
            wake.Add(PowerPhase.CpuActive, PowerAverages.EstimatedCpuMillisecondsPerWake);
            long sample = wake.TotalChargeNanoampMilliseconds;
            EnergyLedger heated = new EnergyLedger(BoardProfile.Esp32WroomTwoAa());
            heated.Add(PowerPhase.GasHeater, 62);
            long gasReading = heated.TotalChargeNanoampMilliseconds;
            TestContext.WriteLine($"ESP32 on 2xAA: a sample wake without radio {sample / 1e6:0.0} µC from the battery; a gas reading adds {gasReading / 1e6:0.0} µC "
                + $"(62 ms at 52 mA through the boost converter), {100.0 * gasReading / sample:0.0} % more");
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

        private static string Line(long picocoulombs, long periodMilliseconds) =>
            $"{picocoulombs / 1e6:0.00} µC = {Energy(picocoulombs):0.0} µJ per wake ({picocoulombs / (double)periodMilliseconds / 1000:0.000} µA)";
    }
}
