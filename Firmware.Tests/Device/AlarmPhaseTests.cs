using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The alarm phase: only the onset of an alarm counts, and its verdict is kept for the next wake.</summary>
    [TestClass]
    public class AlarmPhaseTests
    {
        [TestMethod]
        public void OnlyTheOnsetCountsAndTheVerdictIsKept()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Config.AlarmAboveCenti = 3000;
            rig.Sensor.Values[0] = 3125;
            WakeContext context = Sampled(rig);

            new AlarmPhase().Run(context);
            Assert.IsTrue(context.AlarmOnset);
            Assert.IsTrue(context.State.AlarmActive);
            Assert.IsTrue(rig.Log.Contains("alarm: temperature at 31.25"));

            new SamplePhase().Run(context);
            new AlarmPhase().Run(context);
            Assert.IsFalse(context.AlarmOnset, "still in alarm: no new onset");
            Assert.IsTrue(context.State.AlarmActive);

            rig.Sensor.Values[0] = 2100;
            new SamplePhase().Run(context);
            new AlarmPhase().Run(context);
            Assert.IsFalse(context.AlarmOnset);
            Assert.IsFalse(context.State.AlarmActive);
            Assert.IsTrue(rig.Log.Contains("alarm cleared: temperature at 21"));
        }

        [TestMethod]
        public void WithoutLimitsThereIsNoAlarm()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Sensor.Values[0] = 9900;
            WakeContext context = Sampled(rig);

            new AlarmPhase().Run(context);

            Assert.IsFalse(context.AlarmOnset);
            Assert.IsFalse(context.State.AlarmActive);
        }

        private static WakeContext Sampled(DeviceRig rig)
        {
            WakeContext context = rig.Boot();
            new SamplePhase().Run(context);
            return context;
        }
    }
}
