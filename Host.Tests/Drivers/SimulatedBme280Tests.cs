using System;
using System.Device.I2c;
using System.IO;
using Firmware.Drivers.Bme280;
using Firmware.Host.Hardware;
using Firmware.Host.Hardware.Bme280;
using Firmware.Host.Hardware.Bmxx80;
using Iot.Device.Bmxx80;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Drivers
{
    /// <summary>
    /// The simulated BME280 against two drivers: the desktop Iot.Device.Bmxx80 binding (dotnet/iot 4.2.0, the
    /// datasheet's floating-point compensation) proves the model reports what a real chip with these
    /// coefficients would; the firmware's guarded driver (Bosch's integer compensation) reads the same values,
    /// and turns every injected bus or chip fault into a reported fault, never a value.
    /// </summary>
    [TestClass]
    public sealed class SimulatedBme280Tests
    {
        private static readonly (double Celsius, double Percent, double Pascals)[] Airs =
        {
            (21.37, 45.5, 101_325), (-10.0, 80.0, 95_000), (0.0, 10.0, 80_000), (35.55, 99.0, 105_000), (60.0, 25.25, 101_000), (-35.5, 60.0, 70_000),
        };

        [TestMethod]
        public void TheDesktopDriverReadsTheChosenValuesWithinTheChipsResolutionAtX1()
        {
            // ×1 oversampling: 16-bit temperature and pressure (0.005 °C, 2.62 Pa; datasheet tables 7 and 8), humidity 0.008 %RH.
            foreach (var air in Airs)
            {
                SimulatedBme280 chip = Chip(air);
                using Bme280 driver = new Bme280(chip);
                var result = driver.Read();
                Assert.AreEqual(air.Celsius, result.Temperature.Value.DegreesCelsius, 0.01, $"temperature at {air}");
                Assert.AreEqual(air.Percent, result.Humidity.Value.Percent, 0.01, $"humidity at {air}");
                Assert.AreEqual(air.Pascals, result.Pressure.Value.Pascals, 2.62, $"pressure at {air}");
            }
        }

        [TestMethod]
        public void TheDesktopDriverReadsTheChosenValuesWithinTheChipsResolutionAtX16()
        {
            // ×16: 20-bit results, 0.0003 °C and 0.16 Pa per step; the datasheet's output resolution is 0.01 °C and 0.18 Pa.
            foreach (var air in Airs)
            {
                SimulatedBme280 chip = Chip(air);
                using Bme280 driver = new Bme280(chip);
                driver.TemperatureSampling = Sampling.UltraHighResolution;
                driver.PressureSampling = Sampling.UltraHighResolution;
                driver.HumiditySampling = Sampling.UltraHighResolution;
                var result = driver.Read();
                Assert.AreEqual(air.Celsius, result.Temperature.Value.DegreesCelsius, 0.01, $"temperature at {air}");
                Assert.AreEqual(air.Percent, result.Humidity.Value.Percent, 0.01, $"humidity at {air}");
                Assert.AreEqual(air.Pascals, result.Pressure.Value.Pascals, 0.18, $"pressure at {air}");
            }
        }

        [TestMethod]
        public void TheGuardedDriverReadsWhatTheDesktopDriverReads()
        {
            foreach (var air in Airs)
            {
                SimulatedBme280 chip = Chip(air);
                using Bme280 binding = new Bme280(Chip(air));
                var reference = binding.Read();
                Bme280Sensor guard = Guard(chip, out int[] values, out _);
                int mask = guard.Measure(values, 0);

                Assert.AreEqual(0x7, mask, guard.Fault);
                Assert.IsNull(guard.Fault);

                // Integer outputs: 0.01 °C, 0.01 %RH and 1 Pa steps, on top of the model's quantisation.
                Assert.AreEqual(reference.Temperature.Value.DegreesCelsius, values[0] / 100.0, 0.011, $"temperature at {air}");
                Assert.AreEqual(reference.Humidity.Value.Percent, values[1] / 100.0, 0.011, $"humidity at {air}");
                Assert.AreEqual(reference.Pressure.Value.Pascals, values[2], 1.0, $"pressure at {air}");
                Assert.AreEqual(air.Celsius, values[0] / 100.0, 0.011);
            }
        }

        [TestMethod]
        [DataRow(BoschChipFault.AddressNack, "address not acknowledged")]
        [DataRow(BoschChipFault.ShortTransfer, "partial transfer")]
        [DataRow(BoschChipFault.WrongChipId, "BMP280")]
        [DataRow(BoschChipFault.SkippedConversion, "skipped-conversion value 0x80000")]
        [DataRow(BoschChipFault.DataAllOnes, "all ones")]
        [DataRow(BoschChipFault.DataAllZeros, "all zeros")]
        [DataRow(BoschChipFault.ConversionHangs, "did not finish")]
        [DataRow(BoschChipFault.ResetDuringConversion, "chip reset")]
        public void EveryFaultEndsAsAReportedFaultNeverAValueAndTheSensorRecovers(BoschChipFault fault, string expected)
        {
            SimulatedBme280 chip = Chip((21.0, 45.0, 101_325.0));
            Bme280Sensor guard = Guard(chip, out int[] values, out SteppedClock clock);
            Assert.AreEqual(0x7, guard.Measure(values, 0), "healthy first");

            chip.Inject(fault);
            Array.Fill(values, 12345);
            int mask = guard.Measure(values, 0);

            Assert.AreEqual(0, mask, $"{fault} must not give a value");
            CollectionAssert.AreEqual(new[] { 0, 0, 0 }, values, "invalid channels are written as 0, never a stale value");
            Assert.IsTrue(guard.Failed);
            StringAssert.Contains(guard.Fault, expected);
            StringAssert.Contains(guard.Fault, "after 3 attempt(s)");
            Assert.AreEqual(1, guard.FailedMeasurements);

            // Still failing: one attempt per wake, still no value.
            int before = chip.Transactions;
            Assert.AreEqual(0, guard.Measure(values, 0));
            // One attempt: chip id, calibration (2), start, data burst and at most 3 status polls.
            Assert.IsTrue(chip.Transactions - before <= 8, "a failed sensor gets one bounded attempt per wake");
            StringAssert.Contains(guard.Fault, "still failed");

            chip.ClearFault();
            Assert.AreEqual(0x7, guard.Measure(values, 0), guard.Fault);
            Assert.IsFalse(guard.Failed);
            Assert.IsNull(guard.Fault);
            Assert.AreEqual(1, guard.Recoveries);
            Assert.AreEqual(2100, values[0], 1);
        }

        [TestMethod]
        public void AOneTransactionGlitchIsRetriedWithinTheSameMeasurement()
        {
            SimulatedBme280 chip = Chip((21.0, 45.0, 101_325.0));
            Bme280Sensor guard = Guard(chip, out int[] values, out _);
            chip.Inject(BoschChipFault.AddressNack, transactions: 1);

            Assert.AreEqual(0x7, guard.Measure(values, 0));
            Assert.AreEqual(1, guard.FailedAttempts);
            Assert.IsFalse(guard.Failed);
        }

        [TestMethod]
        public void PhysicallyImpossibleResultsAreRejectedPerValue()
        {
            SimulatedBme280 hot = Chip((100.0, 45.0, 101_325.0));
            Bme280Sensor guard = Guard(hot, out int[] values, out _);
            Assert.AreEqual(0, guard.Measure(values, 0), "100 °C is outside the sensor's -40..85 °C");
            StringAssert.Contains(guard.Fault, "outside -40..85 C");

            SimulatedBme280 storm = Chip((20.0, 45.0, 120_000.0));
            guard = Guard(storm, out values, out _);
            Assert.AreEqual(0x3, guard.Measure(values, 0), "1200 hPa: pressure invalid, temperature and humidity valid");
            Assert.AreEqual(0, values[2]);
            StringAssert.Contains(guard.Fault, "outside 300..1100 hPa");
        }

        [TestMethod]
        public void TheOperatingRangeCornersAreReadThroughTheRealCompensation()
        {
            // The corners of the datasheet's operating range (table 1): -40..85 °C, 0..100 %RH, 300..1100 hPa.
            (double Celsius, double Percent, double Pascals)[] corners =
            {
                (-39.99, 0.5, 30_010), (-39.99, 99.5, 109_990), (84.99, 0.5, 109_990), (84.99, 99.5, 30_010),
            };
            foreach (var air in corners)
            {
                Bme280Sensor guard = Guard(Chip(air), out int[] values, out _);
                Assert.AreEqual(0x7, guard.Measure(values, 0), $"{air}: {guard.Fault}");
                Assert.AreEqual(air.Celsius, values[0] / 100.0, 0.011, $"temperature at {air}");
                Assert.AreEqual(air.Percent, values[1] / 100.0, 0.011, $"humidity at {air}");
                Assert.AreEqual(air.Pascals, values[2], 3.0, $"pressure at {air}");
            }
        }

        [TestMethod]
        public void TheForcedConversionTakesTheDatasheetTimeAndTheGuardWaitsForIt()
        {
            SteppedClock clock = new SteppedClock(0);
            SimulatedBme280 chip = new SimulatedBme280(0x76, () => clock.UptimeMilliseconds);
            Bme280Sensor guard = new Bme280Sensor(chip, clock, new Bme280Options());
            int[] values = new int[3];
            long start = clock.UptimeMilliseconds;
            Assert.AreEqual(0x7, guard.Measure(values, 0));

            // ×1 each: typical 8 ms, maximum 9.3 ms (appendix 9.1); the guard sleeps the maximum, rounded up.
            Assert.AreEqual(10, clock.UptimeMilliseconds - start);
            Assert.AreEqual(1, guard.Conversions);
            Assert.AreEqual(0, chip.PeekRegister(0xF4) & 0x3, "back in sleep mode after the forced conversion");
        }

        [TestMethod]
        public void TheDesktopDriverSurfacesANackOnlyAsAnException()
        {
            // On desktop the binding at least throws; nanoFramework's I2cDevice.ReadByte ignores the status and
            // its Bmxx80 discards every I2cTransferResult, which is why the firmware reads through the guard.
            SimulatedBme280 chip = Chip((21.0, 45.0, 101_325.0));
            using Bme280 driver = new Bme280(chip);
            chip.Inject(BoschChipFault.AddressNack);
            Assert.ThrowsExactly<IOException>(() => driver.Read());
        }

        private static SimulatedBme280 Chip((double Celsius, double Percent, double Pascals) air) =>
            new SimulatedBme280 { TemperatureCelsius = air.Celsius, HumidityPercent = air.Percent, PressurePascals = air.Pascals };

        private static Bme280Sensor Guard(SimulatedBme280 chip, out int[] values, out SteppedClock clock)
        {
            clock = new SteppedClock(0);
            values = new int[3];
            return new Bme280Sensor(chip, clock, new Bme280Options());
        }
    }
}
