using Firmware.Drivers.Bme280;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>The guarded BME280 driver at the edges: per-value sentinels and a board that skips a channel.</summary>
    [TestClass]
    public class Bme280SensorEdgeTests
    {
        [TestMethod]
        public void AHumidityChannelReadingAllZerosOrAllOnesIsNotAValue()
        {
            BoschRig rig = BoschRig.WithBme280();
            int[] values = new int[] { 7, 7, 7 };

            // Temperature and pressure as the real chip's dump; humidity's two bytes stuck at 0x0000.
            rig.Bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0x00, 0x00 };
            Assert.AreEqual(0x5, rig.Bme280.Measure(values, 0), "raw humidity 0x0000 would compensate to a plausible 0 %RH");
            Assert.AreEqual(0, values[1]);
            Assert.Contains("humidity", rig.Bme280.Fault);

            rig.Bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0xFF, 0xFF };
            Assert.AreEqual(0x5, rig.Bme280.Measure(values, 0), "raw humidity 0xFFFF would compensate to a plausible 100 %RH");
            Assert.AreEqual(0, values[1]);
        }

        [TestMethod]
        public void ATemperatureOrPressureChannelReadingAllZerosOrAllOnesIsNotAValue()
        {
            BoschRig rig = BoschRig.WithBme280();
            int[] values = new int[3];

            rig.Bus.Data = new byte[] { 0x00, 0x00, 0x00, 0x81, 0x7F, 0xB0, 0x79, 0x13 };
            Assert.AreEqual(0x3, rig.Bme280.Measure(values, 0), "raw pressure 0x00000");
            rig.Bus.Data = new byte[] { 0xFF, 0xFF, 0xF0, 0x81, 0x7F, 0xB0, 0x79, 0x13 };
            Assert.AreEqual(0x3, rig.Bme280.Measure(values, 0), "raw pressure 0xFFFFF");
            rig.Bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x00, 0x00, 0x00, 0x79, 0x13 };
            Assert.AreEqual(0, rig.Bme280.Measure(values, 0), "raw temperature 0x00000");
            rig.Bus.Data = new byte[] { 0x55, 0x33, 0x80, 0xFF, 0xFF, 0xF0, 0x79, 0x13 };
            Assert.AreEqual(0, rig.Bme280.Measure(values, 0), "raw temperature 0xFFFFF");
        }

        [TestMethod]
        public void ABusDriverErrorIsReportedWithItsMessage()
        {
            BoschRig rig = BoschRig.WithBme280();
            rig.Bus.BusError = "I2C driver not installed";

            Assert.AreEqual(0, rig.Bme280.Measure(new int[3], 0));
            Assert.Contains("unknown bus error: I2C driver not installed", rig.Bme280.Fault);
        }

        [TestMethod]
        public void ABoardThatSkipsHumidityTakesOneConversionPerWakeAndReportsNoFault()
        {
            Bme280Options options = new Bme280Options();
            options.HumidityOversampling = Bme280Oversampling.Skipped;
            BoschRig rig = BoschRig.WithBme280(options);
            rig.Bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0x80, 0x00 };
            int[] values = new int[3];

            Assert.AreEqual(0x5, rig.Bme280.Measure(values, 0));
            Assert.AreEqual(1, rig.Bus.Conversions, "a channel the board switched off is not a failed attempt to retry");
            Assert.AreEqual(0, rig.Bme280.FailedAttempts);
            Assert.IsNull(rig.Bme280.Fault, "a channel switched off by configuration is not a fault");
        }
    }
}
