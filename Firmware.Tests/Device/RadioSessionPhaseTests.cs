using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>A battery wake's radio session: only when decided; it connects, announces, drains and takes commands.</summary>
    [TestClass]
    public class RadioSessionPhaseTests
    {
        [TestMethod]
        public void NoRadioIsUsedWhenNoneIsDue()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.BootAndStore();
            context.State.WakesUntilRadio = 5;
            new RadioDecisionPhase().Run(context);

            new RadioSessionPhase().Run(context);

            Assert.IsFalse(context.RadioConnected);
            Assert.AreEqual(0, rig.Network.Connects);
            Assert.AreEqual(0, rig.Mqtt.PublishedCount);
            Assert.AreEqual(1L, context.Storage.Log.Held);
        }

        [TestMethod]
        public void ASessionAnnouncesTheDeviceDrainsTheLogAndTakesCommands()
        {
            DeviceRig rig = new DeviceRig("d");
            WakeContext context = rig.BootAndStore();
            context.Backoff.Failed(rig.Random);
            context.State.RadioAtNextWake = true;
            rig.Mqtt.Deliver("sensors/d/cmd/nope", "{}", false);
            new RadioDecisionPhase().Run(context);

            new RadioSessionPhase().Run(context);

            Assert.IsTrue(context.RadioConnected);
            Assert.IsTrue(rig.Mqtt.IsConnected, "the goodbye is the next phases' work");
            Assert.AreEqual(0, context.Backoff.Failures, "the broker was reached");
            Assert.IsFalse(context.State.RadioAtNextWake, "the request is served");
            Assert.AreEqual(0L, context.Storage.Log.Held, "the reading was acknowledged");
            Assert.AreEqual("1", rig.TelemetrySequences());
            Assert.IsTrue(Ordinal.IndexOf((string)rig.Mqtt.TextsOn("sensors/d/status")[0], "\"state\":\"online\"") > 0);
            Assert.AreEqual(1, rig.Mqtt.TextsOn("sensors/d/state").Count);
            string answer = (string)rig.Mqtt.TextsOn("sensors/d/events")[0];
            Assert.IsTrue(Ordinal.IndexOf(answer, "unknown command 'nope'") > 0, answer);
        }

        [TestMethod]
        public void ASessionThatCannotConnectLeavesItsErrorForThePlan()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Network.Available = false;
            WakeContext context = rig.BootAndStore();
            new RadioDecisionPhase().Run(context);

            new RadioSessionPhase().Run(context);

            Assert.IsFalse(context.RadioConnected);
            Assert.IsTrue(Ordinal.IndexOf(context.Session.LastError, "no access point") >= 0, context.Session.LastError);
            Assert.AreEqual(0, context.Backoff.Failures, "the failure is counted when the next wake is planned");
            Assert.AreEqual(1L, context.Storage.Log.Held);
        }
    }
}
