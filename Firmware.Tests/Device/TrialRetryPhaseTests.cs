using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>Mains, between samples, for an image on trial: one more attempt whatever the backoff, which keeps its schedule.</summary>
    [TestClass]
    public class TrialRetryPhaseTests
    {
        [TestMethod]
        public void TriesAtOnceAndLeavesTheBackoffsScheduleAlone()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            rig.Network.Available = false;
            WakeContext context = rig.Boot();
            new MainsConnectPhase().Run(context);
            long reconnectAt = context.ReconnectAt;

            new TrialRetryPhase().Run(context);
            Assert.AreEqual(2, rig.Network.Connects);
            Assert.AreEqual(2, context.Backoff.Failures);
            Assert.AreEqual(reconnectAt, context.ReconnectAt);

            rig.Network.Available = true;
            new TrialRetryPhase().Run(context);
            Assert.IsTrue(context.Session.IsOpen);
            Assert.AreEqual(0, context.Backoff.Failures);
        }
    }
}
