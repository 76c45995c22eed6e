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

        [TestMethod]
        public void AGasSensorsTimeIsChargedToTheHeater()
        {
            DeviceRig rig = new DeviceRig("d");
            FakeSensor gas = GasSensor(rig);
            WakeContext context = rig.Boot();

            new SamplePhase().Run(context);

            Assert.AreEqual(1, gas.Measurements);
            Assert.AreEqual(4, context.Reading.Values.Length);
            Assert.AreEqual(48000, context.Reading.Values[3]);
            Assert.IsTrue(context.Reading.IsValid(3));
            Assert.AreEqual(62000L, context.Ledger.Microseconds(PowerPhase.GasHeater));
            Assert.AreEqual(context.Ledger.Profile.SensorMeasureMilliseconds * 1000L, context.Ledger.Microseconds(PowerPhase.SensorMeasure), "the climate's time apart");
        }

        [TestMethod]
        public void AfterAPlanThatFoundTheBatteryLowNoGasReadingIsTaken()
        {
            DeviceRig rig = new DeviceRig("d");
            FakeSensor gas = GasSensor(rig);
            WakeContext context = rig.Boot();
            context.State.GasReadingsSkipped = true;

            new SamplePhase().Run(context);

            Assert.AreEqual(0, gas.Measurements, "the heater does not run");
            Assert.IsFalse(context.Reading.IsValid(3));
            Assert.AreEqual(0, context.Reading.Values[3]);
            Assert.IsTrue(context.Reading.IsValid(0), "the climate is measured as ever");
            Assert.AreEqual(0, context.Sampler.FaultCount, "a gas reading left out by the plan is no fault");
            Assert.AreEqual(1, context.Sampler.GasReadingsSkipped);
            Assert.AreEqual(0L, context.Ledger.Microseconds(PowerPhase.GasHeater));
        }

        [TestMethod]
        public void OnMainsGasReadingsAreAlwaysTaken()
        {
            DeviceRig rig = DeviceRig.OnMains("d");
            FakeSensor gas = GasSensor(rig);
            WakeContext context = rig.Boot();
            context.State.GasReadingsSkipped = true;

            new SamplePhase().Run(context);

            Assert.AreEqual(1, gas.Measurements);
            Assert.IsTrue(context.Reading.IsValid(3));
        }

        /// <summary>A gas sensor (its one channel a resistance in Ohm) after the rig's climate sensor, taking 62 ms.</summary>
        private static FakeSensor GasSensor(DeviceRig rig)
        {
            FakeSensor gas = new FakeSensor("gas", new Firmware.Ports.SensorChannel[] { new Firmware.Ports.SensorChannel("gas_resistance", "Ohm", 0) });
            gas.Values[0] = 48000;
            gas.Clock = rig.Clock;
            gas.MeasureMilliseconds = 62;
            rig.Platform.Sensors = new Firmware.Ports.ISensor[] { rig.Sensor, gas };
            return gas;
        }
    }
}
