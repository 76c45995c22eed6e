using System.Collections;
using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The goodbye of a battery wake's session: the participants' end, "sleeping until" the next session, disconnect.</summary>
    [TestClass]
    public class GoodbyePhaseTests
    {
        [TestMethod]
        public void TheSleepingStatusSaysWhenTheNextSessionComes()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Wake();
            string goodbye = LastStatus(rig);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"state\":\"sleeping\"") > 0, goodbye);
            Assert.IsFalse(rig.Mqtt.IsConnected);
            Assert.IsFalse(rig.Network.IsConnected);

            rig.Wakes(11);
            Assert.AreEqual(1, rig.RadioWakes);
            long sessionAt = rig.World.UnixTimeMilliseconds / 1000;
            rig.Wake();

            Assert.AreEqual(2, rig.RadioWakes, "the thirteenth wake is the next session");
            long until = Until(goodbye);
            Assert.IsTrue(until >= sessionAt - 1 && until <= sessionAt + 1, "said " + until.ToString() + ", came at " + sessionAt.ToString());
        }

        [TestMethod]
        public void ParticipantsHearTheEndBeforeTheGoodbyeAndMayAskForAReboot()
        {
            DeviceRig rig = new DeviceRig("d");
            FakeParticipant participant = new FakeParticipant();
            participant.RequestReboot = true;
            rig.Participant = participant;
            WakeContext context = rig.Boot();
            new SamplePhase().Run(context);
            new RadioDecisionPhase().Run(context);
            new RadioSessionPhase().Run(context);
            new PlanNextWakePhase().Run(context);
            Assert.IsFalse(context.RebootAtEnd);

            new GoodbyePhase().Run(context);

            Assert.IsTrue(context.RebootAtEnd, "the participant's reboot ends the wake");
            Assert.AreEqual("healthy,work,end:connected", participant.Calls);
            string goodbye = LastStatus(rig);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"state\":\"sleeping\"") > 0, goodbye);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"until\"") < 0, "no next session is promised before a reboot: " + goodbye);
        }

        [TestMethod]
        public void AWakeWithoutASessionSaysNothing()
        {
            DeviceRig rig = new DeviceRig("d");
            FakeParticipant participant = new FakeParticipant();
            rig.Participant = participant;
            WakeContext context = rig.Boot();
            context.State.WakesUntilRadio = 5;
            new RadioDecisionPhase().Run(context);

            new GoodbyePhase().Run(context);

            Assert.AreEqual(0, rig.Mqtt.PublishedCount);
            Assert.IsNull(participant.Calls);
        }

        private static string LastStatus(DeviceRig rig)
        {
            ArrayList statuses = rig.Mqtt.TextsOn("sensors/d/status");
            return (string)statuses[statuses.Count - 1];
        }

        private static long Until(string status)
        {
            int at = Ordinal.IndexOf(status, "\"until\":") + 8;
            long value = 0;
            while (at < status.Length && status[at] >= '0' && status[at] <= '9')
            {
                value = (value * 10) + (status[at] - '0');
                at++;
            }

            return value;
        }
    }
}
