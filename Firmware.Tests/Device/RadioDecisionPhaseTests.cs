using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The radio decision of a battery wake: whether the radio runs, and the first reason that holds.</summary>
    [TestClass]
    public class RadioDecisionPhaseTests
    {
        [TestMethod]
        public void TheReasonsComeInTheirOrder()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Config.AlarmAboveCenti = 3000;
            FakeParticipant participant = new FakeParticipant();
            rig.Participant = participant;
            WakeContext context = rig.Boot();
            RadioDecisionPhase decision = new RadioDecisionPhase();

            Assert.AreEqual(RadioDecisionPhase.Interval, Decide(context, decision), "a first boot reports in at once");

            context.State.WakesUntilRadio = 5;
            Assert.IsNull(Decide(context, decision), "nothing is due");

            context.State.WakesUntilRadio = 1;
            context.Backoff.Failed(rig.Random);
            Assert.AreEqual(RadioDecisionPhase.Retry, Decide(context, decision), "due again after a failure");

            participant.WantsRadioSession = true;
            Assert.AreEqual(RadioDecisionPhase.Participant, Decide(context, decision));

            context.State.RadioAtNextWake = true;
            Assert.AreEqual(RadioDecisionPhase.Requested, Decide(context, decision));

            rig.Sensor.Values[0] = 3125;
            Assert.AreEqual(RadioDecisionPhase.Alarm, Decide(context, decision));
            Assert.AreEqual(RadioDecisionPhase.Requested, Decide(context, decision), "an alarm that goes on calls no more");
        }

        [TestMethod]
        public void ALogPastItsThresholdCallsTheRadioUnlessBackingOff()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Platform.Flash = new Firmware.Storage.RamFlash(4096, 9);
            rig.Config.LogFillPercent = 10;
            WakeContext context = rig.Boot();
            context.State.WakesUntilRadio = 50;
            RadioDecisionPhase decision = new RadioDecisionPhase();
            int stored = 0;
            while (context.LogFillPercent() < 10 && stored < 500)
            {
                Assert.IsNull(Decide(context, decision), "below the threshold after " + stored.ToString() + " reading(s)");
                new StorePhase().Run(context);
                stored++;
            }

            Assert.AreEqual(RadioDecisionPhase.LogFilling, Decide(context, decision), "the log filled after " + stored.ToString() + " reading(s)");

            context.Backoff.Failed(rig.Random);
            Assert.IsNull(Decide(context, decision), "a device backing off waits for its retry, full log or not");
        }

        /// <summary>A sample, the alarm phase and the decision, as a battery wake runs them.</summary>
        private static string Decide(WakeContext context, RadioDecisionPhase decision)
        {
            new SamplePhase().Run(context);
            new AlarmPhase().Run(context);
            decision.Run(context);
            return context.RadioReason;
        }
    }
}
