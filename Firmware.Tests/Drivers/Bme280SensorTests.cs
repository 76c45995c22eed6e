using Firmware.Drivers.Bme280;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>The guarded BME280 driver on a fake bus: values, per-value validity, faults, retries, recovery.</summary>
    [TestClass]
    public class Bme280SensorTests
    {
        [TestMethod]
        public void ReadsTheChipInForcedModeAndCompensatesWithIntegers()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            FakeClock clock = new FakeClock();
            Bme280Sensor sensor = new Bme280Sensor(bus, clock, new Bme280Options());
            int[] values = new int[3];

            Assert.AreEqual(0x7, sensor.Measure(values, 0));
            Assert.AreEqual(2444, values[0]);
            Assert.AreEqual(5418, values[1]);
            Assert.AreEqual(99621, values[2]);
            Assert.IsNull(sensor.Fault);
            Assert.AreEqual(1, bus.Conversions);
            Assert.AreEqual(10L, clock.UptimeMilliseconds, "waited the maximum conversion time of x1/x1/x1, 9.3 ms rounded up");
            Assert.AreEqual("temperature", sensor.GetChannel(0).Name);
            Assert.AreEqual("%RH", sensor.GetChannel(1).Unit);
            Assert.AreEqual(0, sensor.GetChannel(2).Scale);
        }

        [TestMethod]
        public void ANackIsAFaultNeverAValue()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), new Bme280Options());
            int[] values = new int[] { 7, 7, 7 };
            bus.Nack = true;

            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.AreEqual(0, values[0]);
            Assert.AreEqual(0, values[1]);
            Assert.AreEqual(0, values[2]);
            Assert.IsTrue(sensor.Failed);
            Assert.Contains("address not acknowledged", sensor.Fault);
            Assert.AreEqual(3, bus.Transactions, "three attempts, each stopped at the chip id");
        }

        [TestMethod]
        public void AShortTransferIsAFaultEvenWhenReportedAsFull()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), new Bme280Options());
            bus.ShortReads = true;

            Assert.AreEqual(0, sensor.Measure(new int[3], 0));
            Assert.Contains("short transfer (1 of 2 bytes)", sensor.Fault);
        }

        [TestMethod]
        public void AWrongChipIdIsAFault()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), new Bme280Options());
            bus.ChipId = 0x58;
            Assert.AreEqual(0, sensor.Measure(new int[3], 0));
            Assert.Contains("chip id 0x58 is a BMP280", sensor.Fault);

            bus.ChipId = 0x00;
            sensor.Measure(new int[3], 0);
            Assert.Contains("unexpected chip id 0x00", sensor.Fault);
        }

        [TestMethod]
        public void SentinelValuesAreRejectedPerValue()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), new Bme280Options());
            int[] values = new int[3];

            // Humidity skipped (0x8000): temperature and pressure stay valid.
            bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0x80, 0x00 };
            Assert.AreEqual(0x5, sensor.Measure(values, 0));
            Assert.AreEqual(0, values[1]);
            Assert.Contains("humidity reads the skipped-conversion value 0x8000", sensor.Fault);
            Assert.IsFalse(sensor.Failed, "a partial reading is not a failed sensor");

            // Pressure skipped (0x80000).
            bus.Data = new byte[] { 0x80, 0x00, 0x00, 0x81, 0x7F, 0xB0, 0x79, 0x13 };
            Assert.AreEqual(0x3, sensor.Measure(values, 0));
            Assert.Contains("pressure reads the skipped-conversion value", sensor.Fault);

            // Temperature skipped: nothing can be compensated.
            bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x80, 0x00, 0x00, 0x79, 0x13 };
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.Contains("temperature reads the skipped-conversion value", sensor.Fault);

            bus.Data = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.Contains("all ones", sensor.Fault);

            bus.Data = new byte[8];
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.Contains("all zeros", sensor.Fault);
        }

        [TestMethod]
        public void RetriesABoundedNumberOfTimesThenRecoversWhenTheChipAnswers()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Options options = new Bme280Options();
            options.MaxAttempts = 4;
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), options);
            int[] values = new int[3];

            bus.NackNext = 2;
            Assert.AreEqual(0x7, sensor.Measure(values, 0), "two glitches, third attempt answers");
            Assert.AreEqual(2, sensor.FailedAttempts);

            bus.Nack = true;
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.IsTrue(sensor.Failed);
            Assert.AreEqual(1, sensor.FailedMeasurements);
            Assert.Contains("after 4 attempt(s)", sensor.Fault);

            int before = bus.Transactions;
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.AreEqual(1, bus.Transactions - before, "a failed sensor gets one attempt per wake");

            bus.Nack = false;
            Assert.AreEqual(0x7, sensor.Measure(values, 0));
            Assert.IsFalse(sensor.Failed);
            Assert.IsNull(sensor.Fault);
            Assert.AreEqual(1, sensor.Recoveries);
            Assert.AreEqual(2444, values[0]);
        }

        [TestMethod]
        public void ImpossibleTemperatureIsRejected()
        {
            FakeBme280Bus bus = new FakeBme280Bus();
            Bme280Sensor sensor = new Bme280Sensor(bus, new FakeClock(), new Bme280Options());

            // Raw temperature 0xFFFF0 is far above 85 °C with this chip's coefficients.
            bus.Data = new byte[] { 0x55, 0x33, 0x80, 0xFF, 0xFF, 0x00, 0x79, 0x13 };
            Assert.AreEqual(0, sensor.Measure(new int[3], 0));
            Assert.Contains("outside -40..85 C", sensor.Fault);
        }
    }
}
