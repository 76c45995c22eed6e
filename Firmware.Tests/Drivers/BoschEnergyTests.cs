using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmp280;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>The BMP280's and BME680's energy per conversion and per wake, against the datasheets' own averages.</summary>
    [TestClass]
    public class BoschEnergyTests
    {
        [TestMethod]
        public void TheBmp280sForcedModeAtOneHertzIsTheDatasheets2Point7Microamps()
        {
            // Key parameters: 2.7 µA at 1 Hz; ×1/×1 takes 5.5 ms typical (3.8.1).
            Assert.AreEqual(5500, Bmp280Energy.ConversionMicroseconds(1, 1));
            long perSecond = Bmp280Energy.ForcedPeriodPicocoulombs(1, 1, 1000);
            Assert.IsTrue(perSecond > 2430000 && perSecond < 2970000, "pC per second (= pA·s): " + perSecond.ToString());
        }

        [TestMethod]
        public void TheBmp280sNormalModeCostsFarMoreThanForcedAtAWakeEveryFiveMinutes()
        {
            long forced = Bmp280Energy.ForcedPeriodPicocoulombs(1, 1, 300000);
            long normal = Bmp280Energy.NormalPeriodPicocoulombs(1, 1, 1000000, 300000);
            Assert.IsTrue(normal > 20 * forced, forced.ToString() + " against " + normal.ToString());
        }

        [TestMethod]
        public void TheBme680sClimateAtOneHertzIsTheDatasheetsAverages()
        {
            // Key features: 2.1 µA for humidity and temperature, 3.1 µA for pressure and temperature, 3.7 µA for all three at 1 Hz.
            AssertNear(2100000, Bme680Energy.ForcedPeriodPicocoulombs(1, 0, 1, 0, 1000), "T+H");
            AssertNear(3100000, Bme680Energy.ForcedPeriodPicocoulombs(1, 1, 0, 0, 1000), "T+P");
            AssertNear(3700000, Bme680Energy.ForcedPeriodPicocoulombs(1, 1, 1, 0, 1000), "T+P+H");
        }

        [TestMethod]
        public void TheHeaterIsTheBme680sLargestCost()
        {
            Assert.AreEqual(600000000L, Bme680Energy.HeaterPicocoulombs(50), "50 ms at 12 mA: 600 µC");
            long climate = Bme680Energy.ConversionPicocoulombs(1, 1, 1, false);
            Assert.IsTrue(Bme680Energy.HeaterPicocoulombs(50) > 100 * climate, "one climate conversion: " + climate.ToString() + " pC");
            long fiveMinutes = Bme680Energy.ForcedPeriodPicocoulombs(1, 1, 1, 0, 300000);
            long fiveMinutesWithGas = Bme680Energy.ForcedPeriodPicocoulombs(1, 1, 1, 50, 300000);
            Assert.IsTrue(fiveMinutesWithGas > 10 * fiveMinutes, "even against five minutes of sleep: " + fiveMinutes.ToString() + " and " + fiveMinutesWithGas.ToString());
            Assert.AreEqual(Bme680Energy.ConversionMicroseconds(1, 1, 1, false) + (5 * 477), Bme680Energy.ConversionMicroseconds(1, 1, 1, true), "the gas ADC's five steps");
        }

        private static void AssertNear(long expected, long actual, string what)
        {
            Assert.IsTrue(actual > expected * 9 / 10 && actual < expected * 11 / 10, what + ": " + actual.ToString() + " pC per second, the datasheet's " + expected.ToString());
        }
    }
}
