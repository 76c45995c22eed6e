using System;
using Firmware.Drivers.Bme280;
using Firmware.Drivers.Bmp280;
using Firmware.Host.Hardware.Bme280;
using Firmware.Host.Hardware.Bmp280;
using Iot.Device.Bmxx80;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Bmp280Driver = Iot.Device.Bmxx80.Bmp280;

namespace Firmware.Host.Tests.Drivers
{
    /// <summary>
    /// The simulated BMP280 against the desktop Iot.Device.Bmxx80 binding (dotnet/iot 4.2.0, the code nanoFramework's
    /// package ports): the binding reads what a real chip with the datasheet example's coefficients would report, and
    /// the firmware's guarded sensor, reading through the same binding, gives the same values.
    /// </summary>
    [TestClass]
    public sealed class SimulatedBmp280Tests
    {
        private static readonly (double Celsius, double Pascals)[] Airs =
        {
            (21.37, 101_325), (-10.0, 95_000), (0.0, 80_000), (35.55, 105_000), (60.0, 101_000), (-35.5, 70_000),
        };

        [TestMethod]
        public void TheDatasheetExampleGivesItsTemperatureAndPressure()
        {
            // BST-BMP280-DS001, 3.12: raw 519888 and 415148 give 25.08 °C and 100653 Pa with these coefficients.
            Bme280ReferenceModel model = new Bme280ReferenceModel(Block1(), new byte[7]);
            Assert.AreEqual(25.08, model.Temperature(519888, out double fine), 0.005);
            Assert.AreEqual(100653.27, model.Pressure(415148, fine), 0.01);
        }

        [TestMethod]
        public void TheDesktopBindingReadsTheChosenValuesWithinTheChipsResolution()
        {
            foreach (var air in Airs)
            {
                SimulatedBmp280 chip = new SimulatedBmp280 { TemperatureCelsius = air.Celsius, PressurePascals = air.Pascals };
                using Bmp280Driver binding = new Bmp280Driver(chip);
                var result = binding.Read();
                Assert.AreEqual(air.Celsius, result.Temperature.Value.DegreesCelsius, 0.01, $"temperature at {air}");
                Assert.AreEqual(air.Pascals, result.Pressure.Value.Pascals, 2.62, $"pressure at {air} (×1: 2.62 Pa steps)");

                chip = new SimulatedBmp280 { TemperatureCelsius = air.Celsius, PressurePascals = air.Pascals };
                using Bmp280Driver fine = new Bmp280Driver(chip);
                fine.TemperatureSampling = Sampling.UltraHighResolution;
                fine.PressureSampling = Sampling.UltraHighResolution;
                result = fine.Read();
                Assert.AreEqual(air.Pascals, result.Pressure.Value.Pascals, 0.18, $"pressure at {air} (×16)");
            }
        }

        [TestMethod]
        public void TheGuardedSensorGivesWhatTheBindingGivesAndNoHumidity()
        {
            foreach (var air in Airs)
            {
                BoschBoard board = new BoschBoard("bmp280");
                board.Chip.TemperatureCelsius = air.Celsius;
                board.Chip.PressurePascals = air.Pascals;
                using Bmp280Driver binding = new Bmp280Driver(new SimulatedBmp280 { TemperatureCelsius = air.Celsius, PressurePascals = air.Pascals });
                var reference = binding.Read();

                Assert.AreEqual(0x3, board.Wake(), board.Faults());
                Assert.IsInstanceOfType<Bmp280Sensor>(board.Sensors[0]);
                Assert.AreEqual(2, board.Values.Length, "temperature and pressure: a BMP280 has no humidity channel");
                Assert.AreEqual(reference.Temperature.Value.DegreesCelsius, board.Values[0] / 100.0, 0.005, $"temperature at {air}");
                Assert.AreEqual(reference.Pressure.Value.Pascals, board.Values[1], 0.5, $"pressure at {air}");
            }
        }

        [TestMethod]
        public void TheBindingWaitsForTheConversionOnTheDevicesClock()
        {
            BoschBoard board = new BoschBoard("bmp280");
            board.Wake();
            long start = board.Clock.UptimeMilliseconds;

            Assert.AreEqual(0x3, board.Wake());

            // The binding waits its own 14 ms at ×1/×1 (7 + 7 cycles); the chip converts in 5.5 ms (3.8.1).
            Assert.AreEqual(14, board.Clock.UptimeMilliseconds - start);
            Assert.AreEqual(0, board.Chip.PeekRegister(0xF4) & 0x3, "back asleep after the forced conversion");
        }

        private static byte[] Block1()
        {
            byte[] block = new byte[Bme280Register.Calibration1Length];
            Bmp280CalibrationBlock.Coefficients().CopyTo(block, 0);
            return block;
        }
    }
}
