using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>Planning the next wake: the sample wakes until the radio is due, counted down, the plan's, or the backoff's.</summary>
    [TestClass]
    public class PlanNextWakePhaseTests
    {
        [TestMethod]
        public void AWakeWithoutRadioCountsDown()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.Boot();
            context.State.WakesUntilRadio = 5;
            new RadioDecisionPhase().Run(context);

            new PlanNextWakePhase().Run(context);

            Assert.AreEqual(4, context.State.WakesUntilRadio);
        }

        [TestMethod]
        public void ASessionThatConnectedIsFollowedByThePlansInterval()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = Session(rig);

            new PlanNextWakePhase().Run(context);

            Assert.AreEqual(12, context.State.WakesUntilRadio, "an hour of five-minute wakes");
            Assert.AreEqual(12, context.Plan.SampleWakesPerRadioWake);
        }

        [TestMethod]
        public void ASessionThatFailedIsRetriedAfterTheBackoffsDelay()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Config.BackoffBaseSeconds = 600;
            rig.Network.Available = false;
            rig.Random.Extreme = 1;
            WakeContext context = Session(rig);

            new PlanNextWakePhase().Run(context);

            Assert.AreEqual(1, context.Backoff.Failures);
            Assert.AreEqual(2, context.State.WakesUntilRadio, "600 s at most, as whole five-minute wakes");
            Assert.IsTrue(rig.Log.Contains("no access point; next attempt in 2 sample wake(s) (1 failure(s) in a row)"));
        }

        [TestMethod]
        public void APlanThatFindsTheBatteryLowStopsGasReadingsFromTheNextWake()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Platform.Battery = new FakeBattery(2300, 20);
            WakeContext context = rig.Boot();
            new BatteryPhase().Run(context);
            new RadioDecisionPhase().Run(context);

            new PlanNextWakePhase().Run(context);

            Assert.IsTrue(context.Plan.LowBattery);
            Assert.IsTrue(context.State.GasReadingsSkipped);

            ((FakeBattery)rig.Platform.Battery).Percent = 80;
            new BatteryPhase().Run(context);
            new PlanNextWakePhase().Run(context);
            Assert.IsFalse(context.State.GasReadingsSkipped, "a fresh battery takes them again");
        }

        /// <summary>A first boot's wake up to its radio session (due at once).</summary>
        private static WakeContext Session(DeviceRig rig)
        {
            WakeContext context = rig.Boot();
            new SamplePhase().Run(context);
            new BatteryPhase().Run(context);
            new StorePhase().Run(context);
            new RadioDecisionPhase().Run(context);
            new RadioSessionPhase().Run(context);
            return context;
        }
    }
}
