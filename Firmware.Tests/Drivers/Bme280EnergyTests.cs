using Firmware.Drivers.Bme280;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>The datasheet's own figures, recomputed: measurement times (appendix 9.1) and current.</summary>
    [TestClass]
    public class Bme280EnergyTests
    {
        [TestMethod]
        public void MeasurementTimesFollowAppendix91()
        {
            // The datasheet's example: temperature x1, pressure x4, no humidity: 11.5 ms typical, 13.3 ms maximum.
            Assert.AreEqual(11500, Bme280Oversampling.TypicalMicroseconds(Bme280Oversampling.X1, Bme280Oversampling.X4, Bme280Oversampling.Skipped));
            Assert.AreEqual(13325, Bme280Oversampling.MaximumMicroseconds(Bme280Oversampling.X1, Bme280Oversampling.X4, Bme280Oversampling.Skipped));
            Assert.AreEqual(8000, Bme280Oversampling.TypicalMicroseconds(1, 1, 1));
            Assert.AreEqual(9300, Bme280Oversampling.MaximumMicroseconds(1, 1, 1));
            Assert.AreEqual(16, Bme280Oversampling.ResolutionBits(Bme280Oversampling.X1));
            Assert.AreEqual(20, Bme280Oversampling.ResolutionBits(Bme280Oversampling.X16));
        }

        [TestMethod]
        public void WeatherMonitoringInForcedModeMatchesTheDatasheetsExample()
        {
            // Datasheet section 3.5.1, weather monitoring: forced mode, x1 x1 x1, one sample a minute: 0.16 µA.
            long perMinute = Bme280Energy.ForcedPeriodPicocoulombs(1, 1, 1, 60000);
            long nanoamps = perMinute / 60000;
            Assert.IsTrue(nanoamps >= 150 && nanoamps <= 170, nanoamps.ToString() + " nA");

            // Key features: 3.6 µA at 1 Hz for humidity, pressure and temperature.
            long oneHertz = Bme280Energy.ForcedPeriodPicocoulombs(1, 1, 1, 1000) / 1000;
            Assert.IsTrue(oneHertz >= 3600 && oneHertz <= 3900, oneHertz.ToString() + " nA");
        }

        [TestMethod]
        public void NormalModeCostsMoreThanForcedForTheSameReadings()
        {
            long forced = Bme280Energy.ForcedPeriodPicocoulombs(1, 1, 1, 60000);
            long normal = Bme280Energy.NormalPeriodPicocoulombs(1, 1, 1, 1000000, 60000);
            Assert.IsTrue(normal > 20 * forced, "normal mode at t_sb 1 s converts about 60 times a minute");
        }
    }
}
