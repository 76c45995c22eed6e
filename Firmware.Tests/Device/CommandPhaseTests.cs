using System.Collections;
using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using Firmware.Tests.Json;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>
    /// Mains, between samples: the commands that arrived are taken within a fresh budget, without waiting; a thermostat
    /// change is in the retained state at once.
    /// </summary>
    [TestClass]
    public class CommandPhaseTests
    {
        [TestMethod]
        public void TheCommandsThatArrivedAreTakenWithAFreshBudget()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            WakeContext context = rig.Boot();
            new MainsConnectPhase().Run(context);
            context.Budget.Start(0);
            rig.Mqtt.Deliver("sensors/m/cmd/nope", "{}", false);
            long before = rig.Clock.UptimeMilliseconds;

            new CommandPhase().Run(context);

            string answer = (string)rig.Mqtt.TextsOn("sensors/m/events")[0];
            Assert.IsTrue(Ordinal.IndexOf(answer, "unknown command 'nope'") > 0, answer);
            Assert.IsFalse(context.Budget.IsExhausted, "the answer had a budget to be sent in");
            Assert.AreEqual(before, rig.Clock.UptimeMilliseconds, "nothing more arrived and nothing was waited for");
        }

        [TestMethod]
        public void AThermostatChangeIsInTheRetainedStateAtOnceAndNothingElseIs()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            rig.Platform.Relay = new FakeRelay();
            WakeContext context = rig.Boot();
            new MainsConnectPhase().Run(context);
            int before = rig.Mqtt.TextsOn("sensors/m/state").Count;

            rig.Mqtt.Deliver("sensors/m/cmd/setpoint", "23.5", false);
            new CommandPhase().Run(context);
            ArrayList states = rig.Mqtt.TextsOn("sensors/m/state");
            Assert.AreEqual(before + 1, states.Count, "the new setpoint published between samples");
            string state = (string)states[states.Count - 1];
            Assert.AreEqual("23.5", JsonQuery.Value(state, "setpoint"), state);
            for (int i = 0; i < rig.Mqtt.PublishedCount; i++)
            {
                PublishedMessage m = rig.Mqtt.GetPublished(i);
                Assert.IsTrue(m.Topic != "sensors/m/state" || m.Retain, "the state is retained");
            }

            rig.Mqtt.Deliver("sensors/m/cmd/setpoint", "23.5", false);
            rig.Mqtt.Deliver("sensors/m/cmd/setpoint", "45", false);
            rig.Mqtt.Deliver("sensors/m/cmd/nope", "{}", false);
            new CommandPhase().Run(context);
            Assert.AreEqual(before + 1, rig.Mqtt.TextsOn("sensors/m/state").Count, "an unchanged, a refused and an unknown command change no state");
        }
    }
}
