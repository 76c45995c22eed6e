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
            BoschRig rig = BoschRig.WithBme280();
            int[] values = new int[3];

            Assert.AreEqual(0x7, rig.Bme280.Measure(values, 0));
            Assert.AreEqual(2444, values[0]);
            Assert.AreEqual(5418, values[1]);
            Assert.AreEqual(99621, values[2]);
            Assert.IsNull(rig.Bme280.Fault);
            Assert.AreEqual(1, rig.Bus.Conversions);
            Assert.AreEqual(10L, rig.Clock.UptimeMilliseconds, "waited the maximum conversion time of x1/x1/x1, 9.3 ms rounded up");
            Assert.AreEqual("temperature", rig.Bme280.GetChannel(0).Name);
            Assert.AreEqual("%RH", rig.Bme280.GetChannel(1).Unit);
            Assert.AreEqual(0, rig.Bme280.GetChannel(2).Scale);
        }

        [TestMethod]
        public void ANackIsAFaultNeverAValue()
        {
            BoschRig rig = BoschRig.WithBme280();
            int[] values = new int[] { 7, 7, 7 };
            rig.Bus.Nack = true;

            Assert.AreEqual(0, rig.Bme280.Measure(values, 0));
            Assert.AreEqual(0, values[0]);
            Assert.AreEqual(0, values[1]);
            Assert.AreEqual(0, values[2]);
            Assert.IsTrue(rig.Bme280.Failed);
            Assert.Contains("address not acknowledged", rig.Bme280.Fault);
            Assert.AreEqual(3, rig.Bus.Transactions, "three attempts, each stopped at the chip id");
        }

        [TestMethod]
        public void AShortTransferIsAFaultEvenWhenReportedAsFull()
        {
            BoschRig rig = BoschRig.WithBme280();
            rig.Bus.ShortReads = true;

            Assert.AreEqual(0, rig.Bme280.Measure(new int[3], 0));
            Assert.Contains("short transfer (1 of 2 bytes)", rig.Bme280.Fault);
        }

        [TestMethod]
        public void AWrongChipIdIsAFault()
        {
            BoschRig rig = BoschRig.WithBme280();
            rig.Bus.ChipId = 0x58;
            Assert.AreEqual(0, rig.Bme280.Measure(new int[3], 0));
            Assert.Contains("chip id 0x58 is a BMP280", rig.Bme280.Fault);

            rig.Bus.ChipId = 0x00;
            rig.Bme280.Measure(new int[3], 0);
            Assert.Contains("unexpected chip id 0x00", rig.Bme280.Fault);
        }

        [TestMethod]
        public void SentinelValuesAreRejectedPerValue()
        {
            BoschRig rig = BoschRig.WithBme280();
            int[] values = new int[3];

            // Humidity skipped (0x8000): temperature and pressure stay valid.
            rig.Bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0x80, 0x00 };
            Assert.AreEqual(0x5, rig.Bme280.Measure(values, 0));
            Assert.AreEqual(0, values[1]);
            Assert.Contains("humidity reads the skipped-conversion value 0x8000", rig.Bme280.Fault);
            Assert.IsFalse(rig.Bme280.Failed, "a partial reading is not a failed sensor");

            // Pressure skipped (0x80000).
            rig.Bus.Data = new byte[] { 0x80, 0x00, 0x00, 0x81, 0x7F, 0xB0, 0x79, 0x13 };
            Assert.AreEqual(0x3, rig.Bme280.Measure(values, 0));
            Assert.Contains("pressure reads the skipped-conversion value", rig.Bme280.Fault);

            // Temperature skipped: nothing can be compensated.
            rig.Bus.Data = new byte[] { 0x55, 0x33, 0x80, 0x80, 0x00, 0x00, 0x79, 0x13 };
            Assert.AreEqual(0, rig.Bme280.Measure(values, 0));
            Assert.Contains("temperature reads the skipped-conversion value", rig.Bme280.Fault);

            rig.Bus.Data = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            Assert.AreEqual(0, rig.Bme280.Measure(values, 0));
            Assert.Contains("all ones", rig.Bme280.Fault);

            rig.Bus.Data = new byte[8];
            Assert.AreEqual(0, rig.Bme280.Measure(values, 0));
            Assert.Contains("all zeros", rig.Bme280.Fault);
        }

        [TestMethod]
        public void RetriesABoundedNumberOfTimesThenRecoversWhenTheChipAnswers()
        {
            Bme280Options options = new Bme280Options();
            options.MaxAttempts = 4;
            BoschRig rig = BoschRig.WithBme280(options);
            int[] values = new int[3];

            rig.Bus.NackNext = 2;
            Assert.AreEqual(0x7, rig.Bme280.Measure(values, 0), "two glitches, third attempt answers");
            Assert.AreEqual(2, rig.Bme280.FailedAttempts);

            rig.Bus.Nack = true;
            Assert.AreEqual(0, rig.Bme280.Measure(values, 0));
            Assert.IsTrue(rig.Bme280.Failed);
            Assert.AreEqual(1, rig.Bme280.FailedMeasurements);
            Assert.Contains("after 4 attempt(s)", rig.Bme280.Fault);

            int before = rig.Bus.Transactions;
            Assert.AreEqual(0, rig.Bme280.Measure(values, 0));
            Assert.AreEqual(1, rig.Bus.Transactions - before, "a failed sensor gets one attempt per wake");

            rig.Bus.Nack = false;
            Assert.AreEqual(0x7, rig.Bme280.Measure(values, 0));
            Assert.IsFalse(rig.Bme280.Failed);
            Assert.IsNull(rig.Bme280.Fault);
            Assert.AreEqual(1, rig.Bme280.Recoveries);
            Assert.AreEqual(2444, values[0]);
        }

        [TestMethod]
        public void ImpossibleTemperatureIsRejected()
        {
            BoschRig rig = BoschRig.WithBme280();

            // Raw temperature 0xFFFF0 is far above 85 °C with this chip's coefficients.
            rig.Bus.Data = new byte[] { 0x55, 0x33, 0x80, 0xFF, 0xFF, 0x00, 0x79, 0x13 };
            Assert.AreEqual(0, rig.Bme280.Measure(new int[3], 0));
            Assert.Contains("outside -40..85 C", rig.Bme280.Fault);
        }
    }
}
