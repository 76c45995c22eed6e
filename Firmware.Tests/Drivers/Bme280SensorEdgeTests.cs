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
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), new Bme280Options());
            int[] values = new int[] { 7, 7, 7 };

            // Temperature and pressure as the real chip's dump; humidity's two bytes stuck at 0x0000.
            bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0x00, 0x00 };
            Assert.AreEqual(0x5, sensor.Measure(values, 0), "raw humidity 0x0000 would compensate to a plausible 0 %RH");
            Assert.AreEqual(0, values[1]);
            Assert.Contains("humidity", sensor.Fault);

            bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0xFF, 0xFF };
            Assert.AreEqual(0x5, sensor.Measure(values, 0), "raw humidity 0xFFFF would compensate to a plausible 100 %RH");
            Assert.AreEqual(0, values[1]);
        }

        [TestMethod]
        public void ATemperatureOrPressureChannelReadingAllZerosOrAllOnesIsNotAValue()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), new Bme280Options());
            int[] values = new int[3];

            bus.Data = new byte[] { 0x00, 0x00, 0x00, 0x81, 0x7F, 0xB0, 0x79, 0x13 };
            Assert.AreEqual(0x3, sensor.Measure(values, 0), "raw pressure 0x00000");
            bus.Data = new byte[] { 0xFF, 0xFF, 0xF0, 0x81, 0x7F, 0xB0, 0x79, 0x13 };
            Assert.AreEqual(0x3, sensor.Measure(values, 0), "raw pressure 0xFFFFF");
            bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x00, 0x00, 0x00, 0x79, 0x13 };
            Assert.AreEqual(0, sensor.Measure(values, 0), "raw temperature 0x00000");
            bus.Data = new byte[] { 0x55, 0x33, 0x80, 0xFF, 0xFF, 0xF0, 0x79, 0x13 };
            Assert.AreEqual(0, sensor.Measure(values, 0), "raw temperature 0xFFFFF");
        }

        [TestMethod]
        public void ABusDriverErrorIsReportedWithItsMessage()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), new Bme280Options());
            bus.BusError = "I2C driver not installed";

            Assert.AreEqual(0, sensor.Measure(new int[3], 0));
            Assert.Contains("unknown bus error: I2C driver not installed", sensor.Fault);
        }

        [TestMethod]
        public void ABoardThatSkipsHumidityTakesOneConversionPerWakeAndReportsNoFault()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Options options = new Bme280Options();
            options.HumidityOversampling = Bme280Oversampling.Skipped;
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), options);
            bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0x80, 0x00 };
            int[] values = new int[3];

            Assert.AreEqual(0x5, sensor.Measure(values, 0));
            Assert.AreEqual(1, bus.Conversions, "a channel the board switched off is not a failed attempt to retry");
            Assert.AreEqual(0, sensor.FailedAttempts);
            Assert.IsNull(sensor.Fault, "a channel switched off by configuration is not a fault");
        }
    }
}
