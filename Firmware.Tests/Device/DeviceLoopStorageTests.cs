using Firmware.Device;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>The battery loop's store-and-forward: every reading goes through the flash log, across wakes that are boots.</summary>
    [TestClass]
    public class DeviceLoopStorageTests
    {
        [TestMethod]
        public void ReadingsTakenOfflineAreDeliveredInOrderWhenTheNetworkReturns()
        {
            DeviceRig rig = Rig();
            rig.Network.Available = false;
            rig.Wakes(5);
            Assert.AreEqual(5L, rig.Last.Storage.Log.Held);

            rig.Network.Available = true;
            rig.Wake();

            Assert.AreEqual(6L, rig.Last.Drain.Delivered);
            Assert.AreEqual(0L, rig.Last.Storage.Log.Held);
            Assert.AreEqual("1,2,3,4,5,6", rig.TelemetrySequences());
        }

        [TestMethod]
        public void EveryWakeIsABootAndSequencesGoOn()
        {
            DeviceRig rig = Rig();
            rig.Network.Available = false;
            rig.Wakes(3);

            rig.Network.Available = true;
            rig.Wake();

            Assert.AreEqual(4L, rig.Last.Storage.Boot.Boots);
            Assert.AreEqual("1,2,3,4", rig.TelemetrySequences());
        }

        [TestMethod]
        public void AReadingWithoutPubackStaysAndIsSentAgain()
        {
            DeviceRig rig = Rig();
            rig.Config.RadioIntervalSeconds = 300;

            // The status is acknowledged; the reading's PUBACKs never come (it is sent twice in the session).
            rig.Mqtt.AcknowledgeLimit = 1;
            rig.Wake();
            Assert.AreEqual(1L, rig.Last.Storage.Log.Held);
            Assert.AreEqual(0L, rig.Last.Drain.Delivered);
            Assert.IsTrue(Ordinal.IndexOf(rig.Last.LastError.Text, "PUBACK") >= 0, rig.Last.LastError.Text);

            rig.Mqtt.AcknowledgeLimit = int.MaxValue;
            rig.Wake();

            Assert.AreEqual(2L, rig.Last.Drain.Delivered);
            Assert.AreEqual("1,1,1,2", rig.TelemetrySequences(), "reading 1 was sent twice in the first session and again in the second");
            Assert.AreEqual(0L, rig.Last.Storage.Log.Held);
        }

        [TestMethod]
        public void AReadingWhoseTimeIsNeverLearntIsPublishedTimeUnknown()
        {
            DeviceRig rig = Rig();
            rig.Network.WorldClock = null;

            rig.Wake();

            string telemetry = (string)rig.Mqtt.TextsOn("sensors/d/telemetry")[0];
            Assert.IsTrue(Ordinal.IndexOf(telemetry, "time_unknown") > 0, telemetry);
            Assert.IsTrue(Ordinal.IndexOf(telemetry, "\"bt\"") < 0, telemetry);
        }

        [TestMethod]
        public void AReadingTakenBeforeTheFirstSessionGetsItsTimeFromNetworkTime()
        {
            DeviceRig rig = Rig();

            rig.Wake();

            Assert.IsTrue(rig.Clock.IsWallTimeKnown, "the first session set the clock");
            string telemetry = (string)rig.Mqtt.TextsOn("sensors/d/telemetry")[0];
            Assert.IsTrue(Ordinal.IndexOf(telemetry, "\"bt\":1764151500") > 0, telemetry);
            Assert.IsTrue(Ordinal.IndexOf(telemetry, "time_unknown") < 0, telemetry);
        }

        [TestMethod]
        public void AWakeWhoseFlashFailsStillSleepsAndTheNextWakeSaysSo()
        {
            DeviceRig rig = Rig();
            PowerCutFlash flash = new PowerCutFlash(rig.Flash);
            rig.Platform.Flash = flash;
            rig.Wake();

            // The flash fails once the boot is done: the reading, then the wake state are lost.
            rig.Power.Reset();
            DeviceLoop loop = new DeviceLoop(rig.Platform, rig.Config, "1.0.0");
            flash.FailAt = flash.Operations + 1;
            loop.Run();
            Assert.IsTrue(rig.Log.Contains("storage: reading not stored: no power"));
            Assert.IsTrue(rig.Log.Contains("storage: no power"), "the failed save ends the wake's phases");
            Assert.IsTrue(rig.Power.RequestedSleep > 0, "and the wake still sleeps");

            flash.PowerOn();
            rig.Wake();
            Assert.IsTrue(rig.Last.PreviousWakeUnfinished);
            Assert.AreEqual(1L, rig.Last.Storage.Log.Held, "the third wake's reading waits for the next session");
            Assert.AreEqual(3L, rig.Last.Storage.Log.NextSequence, "the lost reading took no sequence");
        }

        private static DeviceRig Rig()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Config.BackoffBaseSeconds = 1;
            rig.Config.BackoffCapSeconds = 1;
            return rig;
        }
    }
}
