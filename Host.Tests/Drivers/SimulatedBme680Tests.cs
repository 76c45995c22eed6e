using System;
using Firmware.Drivers.Bme680;
using Firmware.Host.Hardware.Bme680;
using Iot.Device.Bmxx80;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using UnitsNet;
using Bme680Driver = Iot.Device.Bmxx80.Bme680;

namespace Firmware.Host.Tests.Drivers
{
    /// <summary>
    /// The simulated BME680 against the desktop Iot.Device.Bmxx80 binding (dotnet/iot 4.2.0, the code nanoFramework's
    /// package ports): the binding reads the chosen climate and gas resistance, and the firmware's two guarded sensors,
    /// reading through the same binding, give the same values, the gas only with the heater at its target.
    /// </summary>
    [TestClass]
    public sealed class SimulatedBme680Tests
    {
        private static readonly (double Celsius, double Percent, double Pascals, double Ohms)[] Airs =
        {
            (21.37, 45.5, 101_325, 50_000), (-10.0, 80.0, 95_000, 120_000), (0.0, 10.0, 80_000, 8_000), (35.55, 99.0, 105_000, 250_000), (60.0, 25.25, 101_000, 2_000),
        };

        [TestMethod]
        public void TheDesktopBindingReadsTheChosenValues()
        {
            foreach (var air in Airs)
            {
                SimulatedBme680 chip = Chip(air);
                using Bme680Driver binding = new Bme680Driver(chip);
                var result = binding.Read();
                Assert.AreEqual(air.Celsius, result.Temperature.Value.DegreesCelsius, 0.01, $"temperature at {air}");
                Assert.AreEqual(air.Pascals, result.Pressure.Value.Pascals, 3.0, $"pressure at {air}");
                Assert.AreEqual(air.Percent, result.Humidity.Value.Percent, 0.01, $"humidity at {air}");
                Assert.AreEqual(air.Ohms, result.GasResistance.Value.Ohms, air.Ohms * 0.005, $"gas resistance at {air}");
                Assert.AreEqual(1, chip.GasConversions, "the binding's default runs gas, with its 150 ms heater");
                Assert.AreEqual(148, chip.HeaterMilliseconds, "gas_wait keeps 6 bits and a factor: 150 ms is 37 × 4");
            }
        }

        [TestMethod]
        public void TheGuardedSensorsGiveWhatTheBindingGives()
        {
            foreach (var air in Airs)
            {
                BoschBoard board = new BoschBoard("bme680");
                SimulatedBme680 chip = (SimulatedBme680)board.Chip;
                (chip.TemperatureCelsius, chip.HumidityPercent, chip.PressurePascals, chip.GasOhms) = air;
                using Bme680Driver binding = new Bme680Driver(Chip(air));
                var reference = binding.Read();

                Assert.AreEqual(0xF, board.Wake(), board.Faults());
                Assert.AreEqual(reference.Temperature.Value.DegreesCelsius, board.Values[0] / 100.0, 0.005, $"temperature at {air}");
                Assert.AreEqual(reference.Humidity.Value.Percent, board.Values[1] / 100.0, 0.005, $"humidity at {air}");
                Assert.AreEqual(reference.Pressure.Value.Pascals, board.Values[2], 0.5, $"pressure at {air}");
                Assert.AreEqual(reference.GasResistance.Value.Ohms, board.Values[3], 0.5, $"gas resistance at {air}");
                Assert.AreEqual(1, chip.GasConversions, "the climate's conversion runs no gas; the gas sensor's does");
                Assert.AreEqual(50, chip.HeaterMilliseconds, "the battery's heater: 50 ms");
            }
        }

        [TestMethod]
        public void TheBindingWaitsForTheHeaterOnTheDevicesClock()
        {
            BoschBoard board = new BoschBoard("bme680");
            board.Wake();
            long start = board.Clock.UptimeMilliseconds;

            Assert.AreEqual(0xF, board.Wake());

            // The binding's waits: 3 × (1963 + 477) µs, 0.5 ms of rounding and 1 ms of wake-up, rounded up (9 ms) without
            // gas; with gas 5 × 477 µs more and the heater's 50 ms (62 ms).
            Assert.AreEqual(9 + 62, board.Clock.UptimeMilliseconds - start);
        }

        [TestMethod]
        public void AHeaterTooShortToReachItsTargetGivesNoGasValue()
        {
            BoschBoard board = new BoschBoard("bme680", new GasHeaterProfile(320, 20));

            Assert.AreEqual(0x7, board.Wake(), "the climate is read; the gas is not");
            Assert.AreEqual(0, board.Values[3]);
            StringAssert.Contains(board.Faults(), "the heater did not reach 320 C in 20 ms (heat_stab_r clear)");
        }

        [TestMethod]
        public void ANegativeCoefficientTheBindingReadsUnsignedIsRefusedNotPassedOn()
        {
            // par_p6 = -20: Bosch's API reads it signed; both bindings read the byte unsigned (236).
            Bme680Coefficients coefficients = Bme680Coefficients.Typical();
            coefficients.P6 = -20;
            SimulatedBme680 chip = new SimulatedBme680(0x76, null, coefficients) { TemperatureCelsius = 5.0, PressurePascals = 101_325 };
            using Bme680Driver binding = new Bme680Driver(chip);
            double wrong = binding.Read().Pressure.Value.Pascals;
            Assert.IsTrue(Math.Abs(wrong - 101_325) > 20, $"the binding's pressure is off: {wrong:0.0} Pa");

            BoschBoard board = new BoschBoard(clock => new SimulatedBme680(0x76, () => clock.UptimeMilliseconds, coefficients) { SilentBusErrors = true });
            Assert.AreEqual(0x8, board.Wake(), "no climate value from it; the gas does not use par_p6");
            StringAssert.Contains(board.Faults(), "calibration par_p6 is -20, which the binding reads as 236");
        }

        private static SimulatedBme680 Chip((double Celsius, double Percent, double Pascals, double Ohms) air) =>
            new SimulatedBme680 { TemperatureCelsius = air.Celsius, HumidityPercent = air.Percent, PressurePascals = air.Pascals, GasOhms = air.Ohms };
    }
}
