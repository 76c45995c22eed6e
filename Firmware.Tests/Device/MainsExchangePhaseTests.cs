using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>Mains, after every sample while connected: the log drained, the state published, commands taken.</summary>
    [TestClass]
    public class MainsExchangePhaseTests
    {
        [TestMethod]
        public void WhileTheSessionIsDownTheReadingWaitsInTheLog()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            WakeContext context = rig.BootAndStore();

            new MainsExchangePhase().Run(context);

            Assert.AreEqual(0, rig.Mqtt.PublishedCount);
            Assert.AreEqual(1L, context.Storage.Log.Held);
        }

        [TestMethod]
        public void EverySampleIsDrainedAndTheCommandsThatArrivedAreTaken()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            WakeContext context = rig.BootAndStore();
            new MainsConnectPhase().Run(context);
            rig.Mqtt.Deliver("sensors/m/cmd/setpoint", "{\"setpoint\":20}", false);

            new MainsExchangePhase().Run(context);

            Assert.AreEqual(0L, context.Storage.Log.Held);
            Assert.AreEqual("1", rig.TelemetrySequences());
            Assert.AreEqual(1, rig.Mqtt.TextsOn("sensors/m/state").Count);
            string answer = (string)rig.Mqtt.TextsOn("sensors/m/events")[0];
            Assert.IsTrue(Ordinal.IndexOf(answer, "this device has no thermostat") > 0, answer);
            Assert.IsTrue(rig.Mqtt.IsConnected, "the session stays up");
        }

        [TestMethod]
        public void AParticipantsRebootEndsTheLoop()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            FakeParticipant participant = new FakeParticipant();
            participant.RequestReboot = true;
            rig.Participant = participant;
            WakeContext context = rig.BootAndStore();
            new MainsConnectPhase().Run(context);

            new MainsExchangePhase().Run(context);

            Assert.IsTrue(context.RebootAtEnd);
        }
    }
}
