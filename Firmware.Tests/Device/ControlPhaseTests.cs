using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The control phase: the thermostat decides on the fresh reading, and the reading carries that decision.</summary>
    [TestClass]
    public class ControlPhaseTests
    {
        [TestMethod]
        public void TheReadingCarriesTheDecisionTakenOnItsOwnSample()
        {
            DeviceRig rig = new DeviceRig("t");
            FakeRelay relay = new FakeRelay();
            rig.Platform.Relay = relay;
            rig.Sensor.Values[0] = 1800;
            WakeContext context = rig.Boot();

            // Past the relay's minimum off time from boot: 18 °C is below the band, so this sample turns the heater on.
            rig.Clock.UptimeMilliseconds += 200000;
            new SamplePhase().Run(context);
            Assert.AreEqual(0, context.Reading.Values[3], "before the decision the reading says what the thermostat last did");

            new ControlPhase().Run(context);

            Assert.IsTrue(relay.IsOn);
            Assert.AreEqual(1, context.Reading.Values[3], "heating");
            Assert.AreEqual(2100, context.Reading.Values[4], "setpoint, °C in hundredths");
            Assert.AreEqual(31, context.Reading.ValidMask, "three measured channels and the thermostat's two");
        }

        [TestMethod]
        public void WithoutAThermostatTheReadingIsLeftAsSampled()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Sensor.ValidMask = 3;
            WakeContext context = rig.Boot();
            new SamplePhase().Run(context);

            new ControlPhase().Run(context);

            Assert.IsNull(context.Thermostat);
            Assert.AreEqual(3, context.Reading.Values.Length);
            Assert.AreEqual(3, context.Reading.ValidMask);
            Assert.AreEqual(2150, context.Reading.Values[0]);
        }
    }
}
