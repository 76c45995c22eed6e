using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>Mains: the session is opened again when it is down and its backoff has passed, or at once for a participant.</summary>
    [TestClass]
    public class MainsConnectPhaseTests
    {
        [TestMethod]
        public void AFailedConnectWaitsForTheBackoffThenConnects()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            rig.Network.Available = false;
            WakeContext context = rig.Boot();
            MainsConnectPhase phase = new MainsConnectPhase();

            phase.Run(context);
            Assert.AreEqual(1, rig.Network.Connects);
            Assert.AreEqual(MainsConnectPhase.Mains, context.RadioReason);
            Assert.AreEqual(1, context.Backoff.Failures);
            Assert.IsTrue(context.ReconnectAt > rig.Clock.UptimeMilliseconds, "backing off until " + context.ReconnectAt.ToString());
            Assert.IsTrue(Ordinal.IndexOf(context.LastError.Text, "no access point") >= 0, context.LastError.Text);
            Assert.IsTrue(rig.Log.Contains("no access point; next attempt in "));

            rig.Network.Available = true;
            phase.Run(context);
            Assert.AreEqual(1, rig.Network.Connects, "not before the backoff's time");

            rig.Clock.UptimeMilliseconds = context.ReconnectAt;
            phase.Run(context);
            Assert.IsTrue(context.Session.IsOpen);
            Assert.AreEqual(0, context.Backoff.Failures);
            Assert.AreEqual(rig.Clock.UptimeMilliseconds, context.ReconnectAt);

            phase.Run(context);
            Assert.AreEqual(1, rig.Mqtt.ConnectCount, "an open session is kept");
        }

        [TestMethod]
        public void AParticipantWantingASessionDoesNotWaitForTheBackoff()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            FakeParticipant participant = new FakeParticipant();
            rig.Participant = participant;
            rig.Network.Available = false;
            WakeContext context = rig.Boot();
            MainsConnectPhase phase = new MainsConnectPhase();
            phase.Run(context);
            Assert.AreEqual("end:offline", participant.Calls, "a failed attempt ends for the participants too");

            participant.WantsRadioSession = true;
            phase.Run(context);

            Assert.AreEqual(2, rig.Network.Connects);
        }
    }
}
