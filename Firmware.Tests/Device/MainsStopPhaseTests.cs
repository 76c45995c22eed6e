using System.Collections;
using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>How a mains loop ends: its state saved, the session closed (offline, or cleanly for a restart), the reboot asked for.</summary>
    [TestClass]
    public class MainsStopPhaseTests
    {
        [TestMethod]
        public void AStoppedDeviceSavesItsStateAndSaysItIsOffline()
        {
            DeviceRig rig = Connected();

            new MainsStopPhase().Run(rig.Last);

            Assert.IsTrue(Ordinal.IndexOf(LastStatus(rig), "\"state\":\"offline\"") > 0, LastStatus(rig));
            Assert.IsFalse(rig.Mqtt.IsConnected);
            Assert.IsFalse(rig.WakeStateInFlash().RebootRequested);
            Assert.IsFalse(rig.Power.Rebooted);
        }

        [TestMethod]
        public void ARestartForANewConfigurationIsNotAnOutage()
        {
            DeviceRig rig = Connected();
            rig.Last.ConfigurationChanged(false);
            Assert.IsTrue(rig.Last.RestartRequested);

            new MainsStopPhase().Run(rig.Last);

            Assert.IsTrue(Ordinal.IndexOf(LastStatus(rig), "\"state\":\"offline\"") < 0, LastStatus(rig));
            Assert.IsFalse(rig.Mqtt.IsConnected);
            Assert.IsFalse(rig.Power.Rebooted);
        }

        [TestMethod]
        public void ARebootAskedForIsSavedAndDone()
        {
            DeviceRig rig = Connected();
            rig.Last.RequestReboot();

            new MainsStopPhase().Run(rig.Last);

            Assert.IsTrue(rig.WakeStateInFlash().RebootRequested, "the next boot knows it was asked for");
            Assert.IsTrue(Ordinal.IndexOf(LastStatus(rig), "\"state\":\"offline\"") > 0, LastStatus(rig));
            Assert.IsTrue(rig.Power.Rebooted);
        }

        private static DeviceRig Connected()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            new MainsConnectPhase().Run(rig.Boot());
            Assert.IsTrue(rig.Mqtt.IsConnected);
            return rig;
        }

        private static string LastStatus(DeviceRig rig)
        {
            ArrayList statuses = rig.Mqtt.TextsOn("sensors/m/status");
            return (string)statuses[statuses.Count - 1];
        }
    }
}
