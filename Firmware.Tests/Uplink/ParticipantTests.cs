using System.Collections;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Uplink
{
    /// <summary>The extension point OTA plugs into: each hook at its place in the session, and nothing a participant does can stop the loop.</summary>
    [TestClass]
    public class ParticipantTests
    {
        [TestMethod]
        public void EveryHookIsCalledAtItsPlaceInTheSession()
        {
            DeviceRig rig = new DeviceRig("d");
            FakeParticipant participant = new FakeParticipant();
            rig.Participant = participant;
            rig.Mqtt.Deliver("sensors/d/ota", "{\"announce\":1}", true);
            rig.Mqtt.Deliver("sensors/d/cmd/ota", "{}", false);

            rig.Wake();

            Assert.AreEqual("healthy,message:sensors/d/ota,command:ota,work,end:connected", participant.Calls);
            Assert.AreEqual("sensors/d/ota", rig.Mqtt.GetSubscription(1));
            Assert.AreEqual("sensors/all/ota", rig.Mqtt.GetSubscription(2));
            ArrayList statuses = rig.Mqtt.TextsOn("sensors/d/status");
            Assert.IsTrue(Ordinal.IndexOf(((string)statuses[0]), "\"slot\":\"A\"") > 0, (string)statuses[0]);
            Assert.IsTrue(Ordinal.IndexOf(((string)rig.Mqtt.TextsOn("sensors/d/events")[0]), "announce heard") > 0);
            string last = (string)statuses[statuses.Count - 1];
            Assert.IsTrue(Ordinal.IndexOf(last, "\"state\":\"sleeping\"") > 0, "the goodbye comes after the participant's end: " + last);
        }

        [TestMethod]
        public void AParticipantCanAskForASessionAndForAReboot()
        {
            DeviceRig rig = new DeviceRig("d");
            FakeParticipant participant = new FakeParticipant();
            rig.Participant = participant;
            rig.Wakes(2);
            Assert.AreEqual(1, rig.RadioWakes, "no session was due at the second wake");

            participant.WantsRadioSession = true;
            participant.RequestReboot = true;
            rig.Wake();

            Assert.AreEqual("participant", rig.Last.RadioReason);
            Assert.IsTrue(rig.Power.Rebooted, "the wake ended with the reboot the participant asked for");
        }

        [TestMethod]
        public void AFailingParticipantIsReportedAndTheSessionGoesOn()
        {
            DeviceRig rig = new DeviceRig("d");
            FakeParticipant participant = new FakeParticipant();
            participant.ThrowInWork = true;
            rig.Participant = participant;

            rig.Wake();

            Assert.AreEqual(0L, rig.Last.Storage.Log.Held, "telemetry went out");
            Assert.IsTrue(Ordinal.IndexOf(participant.Calls, "end:connected") > 0, participant.Calls);
            Assert.IsTrue(rig.Log.Contains("download step failed"));
            Assert.IsTrue(rig.Power.RequestedSleep > 0);
        }

        [TestMethod]
        public void OptionalWorkWaitsOnALowBatteryButTheHealthCheckDoesNot()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Platform.Battery = new FakeBattery(2200, 10);
            FakeParticipant participant = new FakeParticipant();
            rig.Participant = participant;
            rig.Wake();
            participant.Calls = null;
            rig.Wakes(48);

            Assert.AreEqual("healthy,end:connected", participant.Calls);
        }

        [TestMethod]
        public void ASessionWithoutNetworkStillEndsForTheParticipant()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Network.Available = false;
            FakeParticipant participant = new FakeParticipant();
            rig.Participant = participant;

            rig.Wake();

            Assert.AreEqual("end:offline", participant.Calls);
        }
    }
}
