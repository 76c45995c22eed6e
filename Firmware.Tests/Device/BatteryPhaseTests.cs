using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The battery phase: the gauge's reading, and the power plan made with it.</summary>
    [TestClass]
    public class BatteryPhaseTests
    {
        [TestMethod]
        public void ALowBatteryPostponesOptionalWorkAndStretchesTheRadioInterval()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Platform.Battery = new FakeBattery(3100, 20);
            WakeContext context = rig.Boot();
            Assert.IsTrue(context.Plan.OptionalWorkAllowed, "planned without a level at boot");

            new BatteryPhase().Run(context);

            Assert.AreEqual(3100, context.BatteryMillivolts);
            Assert.AreEqual(20, context.BatteryPercent);
            Assert.IsTrue(context.Plan.LowBattery);
            Assert.IsFalse(context.Plan.OptionalWorkAllowed);
            Assert.AreEqual(7200, context.Plan.RadioIntervalSeconds);
        }

        [TestMethod]
        public void WithoutAGaugeTheLevelIsUnknownAndThePlanIsNotStretched()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.Boot();

            new BatteryPhase().Run(context);

            Assert.AreEqual(-1, context.BatteryMillivolts);
            Assert.AreEqual(-1, context.BatteryPercent);
            Assert.IsFalse(context.Plan.LowBattery);
            Assert.AreEqual(3600, context.Plan.RadioIntervalSeconds);
        }
    }
}
