using System.Collections;
using Firmware.Device;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using Firmware.Text;
using Firmware.Uplink;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>
    /// The last error in the retained status says when it happened and whether it is still current: a session that
    /// reaches the broker again ends it (with the time), so a device that recovered does not look broken.
    /// </summary>
    [TestClass]
    public class LastErrorTests
    {
        private const string Status = "sensors/d/status";

        [TestMethod]
        public void AnOutageIsCurrentUntilTheBrokerIsReachedAndThenSaysWhenItEnded()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Config.RadioIntervalSeconds = 300;
            rig.Config.BackoffBaseSeconds = 1;
            rig.Config.BackoffCapSeconds = 1;
            rig.Wake();
            rig.Network.Available = false;
            rig.Wakes(3);
            LastErrorRecord error = rig.Last.LastError;
            Assert.IsTrue(error.Current);
            Assert.IsTrue(Ordinal.IndexOf(error.Text, "no access point") >= 0, error.Text);
            long at = error.AtUnixSeconds;
            Assert.IsTrue(at > 0, "the clock was known");

            rig.Network.Available = true;
            rig.Wake();
            error = rig.Last.LastError;
            Assert.IsFalse(error.Current);
            Assert.AreEqual(at, error.AtUnixSeconds);
            Assert.IsTrue(error.RecoveredAtUnixSeconds >= at, error.RecoveredAtUnixSeconds.ToString());

            string goodbye = LastStatus(rig);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"lastError\":{\"text\":\"network: no access point") > 0, goodbye);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"at\":" + at.ToString() + ",\"current\":false,\"recoveredAt\":" + error.RecoveredAtUnixSeconds.ToString()) > 0, goodbye);
        }

        [TestMethod]
        public void ASessionsOwnErrorIsInItsGoodbyeStatus()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Config.RadioIntervalSeconds = 300;
            rig.Wake();
            rig.Mqtt.AcknowledgeLimit = 1;
            rig.Wakes(2);

            string goodbye = LastStatus(rig);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"state\":\"sleeping\"") > 0, goodbye);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"current\":true") > 0, goodbye);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"text\":\"" + rig.Last.LastError.Text) > 0, goodbye);
        }

        [TestMethod]
        public void TheSameErrorOverAnOutageIsWrittenOnce()
        {
            RamFlash flash = new RamFlash(4096, 2);
            StateStore state = new StateStore(flash);
            state.Mount();
            LastErrorRecord error = new LastErrorRecord();
            Assert.IsTrue(error.Set(state, "network: no access point", 1000));
            int programmed = flash.BytesProgrammed;
            Assert.IsFalse(error.Set(state, "network: no access point", 2000));
            Assert.AreEqual(programmed, flash.BytesProgrammed);
            Assert.IsTrue(error.Recovered(state, 3000));
            Assert.IsFalse(error.Recovered(state, 4000), "once");
            Assert.IsTrue(error.Set(state, "network: no access point", 5000), "the same error again after a recovery is a new one");

            LastErrorRecord loaded = new LastErrorRecord();
            loaded.Load(state);
            Assert.AreEqual("network: no access point", loaded.Text);
            Assert.AreEqual(5000L, loaded.AtUnixSeconds);
            Assert.IsTrue(loaded.Current);
        }

        [TestMethod]
        public void AnErrorStoredByEarlierFirmwareReadsAsCurrentAtAnUnknownTime()
        {
            RamFlash flash = new RamFlash(4096, 2);
            StateStore state = new StateStore(flash);
            state.Mount();
            byte[] text = Utf8.GetBytes("broker: refused");
            new BankedRecord(StateKeys.LastError, StateKeys.LastErrorKeys / 2, 1).Save(state, text, 0, text.Length);

            LastErrorRecord loaded = new LastErrorRecord();
            loaded.Load(state);
            Assert.AreEqual("broker: refused", loaded.Text);
            Assert.IsTrue(loaded.Current);
            Assert.AreEqual(0L, loaded.AtUnixSeconds);
        }

        private static string LastStatus(DeviceRig rig)
        {
            ArrayList statuses = rig.Mqtt.TextsOn(Status);
            return statuses.Count == 0 ? "(no status)" : (string)statuses[statuses.Count - 1];
        }
    }
}
