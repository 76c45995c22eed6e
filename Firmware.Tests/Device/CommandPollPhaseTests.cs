using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>Mains, between samples: the commands that arrived are taken within a fresh budget, without waiting.</summary>
    [TestClass]
    public class CommandPollPhaseTests
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

            new CommandPollPhase().Run(context);

            string answer = (string)rig.Mqtt.TextsOn("sensors/m/events")[0];
            Assert.IsTrue(Ordinal.IndexOf(answer, "unknown command 'nope'") > 0, answer);
            Assert.IsFalse(context.Budget.IsExhausted, "the answer had a budget to be sent in");
            Assert.AreEqual(before, rig.Clock.UptimeMilliseconds, "nothing more arrived and nothing was waited for");
        }
    }
}
