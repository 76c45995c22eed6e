using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Power;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The sample phase: every sensor into the wake's reading, and the sensor's time in the ledger.</summary>
    [TestClass]
    public class SamplePhaseTests
    {
        [TestMethod]
        public void FillsTheReadingAndChargesAtLeastTheBoardsMeasurementTime()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Sensor.ValidMask = 5;
            WakeContext context = rig.Boot();

            new SamplePhase().Run(context);

            Assert.AreEqual(2150, context.Reading.Values[0]);
            Assert.AreEqual(101325, context.Reading.Values[2]);
            Assert.AreEqual(5, context.Reading.ValidMask, "the humidity the sensor did not give stays invalid");
            Assert.IsFalse(context.Reading.TimeKnown, "the clock is not set before the first session");
            Assert.AreEqual(1, rig.Sensor.Measurements);
            long expected = context.Ledger.Profile.SensorMeasureMilliseconds * 1000L;
            Assert.AreEqual(expected, context.Ledger.Microseconds(PowerPhase.SensorMeasure), "a fake sensor takes no time; a real one the profile's");
        }

        [TestMethod]
        public void ASlowSensorIsChargedTheTimeItTook()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Sensor.Clock = rig.Clock;
            rig.Sensor.MeasureMilliseconds = 75;
            WakeContext context = rig.Boot();
            long before = rig.Clock.UptimeMilliseconds;

            new SamplePhase().Run(context);

            Assert.AreEqual(before, context.SampledAt);
            Assert.AreEqual(75000L, context.Ledger.Microseconds(PowerPhase.SensorMeasure));
        }
    }
}
