using System.Collections;
using Firmware.Device;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>
    /// Commands a battery device hears at its radio sessions: configuration documents applied once, one-shot commands
    /// run at most once and never after their expiry, and every bad command answered with a specific reason and
    /// nothing changed.
    /// </summary>
    [TestClass]
    public class CommandTests
    {
        private const string Events = "sensors/d/events";
        private const string Cmd = "sensors/d/cmd/";

        [TestMethod]
        public void AConfigurationSentWhileTheDeviceSleepsIsAppliedAtItsNextSessionOnce()
        {
            DeviceRig rig = Rig();
            rig.Wake();
            Assert.AreEqual(300, rig.Last.Config.SampleIntervalSeconds);

            // Queued by the broker (persistent session); the retained copy comes again with the next subscription.
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":3,\"sampleIntervalSeconds\":120,\"radioIntervalSeconds\":600}", false);
            rig.Wakes(12);
            Assert.IsTrue(Ordinal.IndexOf(LastEvent(rig), "\"result\":\"applied\",\"version\":3") > 0, LastEvent(rig));
            int answers = EventCount(rig);

            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":3,\"sampleIntervalSeconds\":120,\"radioIntervalSeconds\":600}", true);
            rig.Wake();
            Assert.AreEqual(120, rig.Last.Config.SampleIntervalSeconds, "the next boot runs with it");
            Assert.AreEqual(3L, rig.Last.Configuration.AppliedVersion);
            rig.Wakes(5);
            Assert.AreEqual(answers, EventCount(rig), "the retained copy of an applied version is not answered again");
        }

        [TestMethod]
        public void TheGoodbyeOfTheSessionThatAppliedAConfigurationAlreadySaysWhatTheDeviceWillDo()
        {
            DeviceRig rig = Rig();
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":3,\"sampleIntervalSeconds\":120,\"radioIntervalSeconds\":1800}", false);
            rig.Wakes(12);
            Assert.IsTrue(Ordinal.IndexOf(LastEvent(rig), "\"result\":\"applied\",\"version\":3") > 0, LastEvent(rig));

            ArrayList statuses = rig.Mqtt.TextsOn("sensors/d/status");
            string goodbye = (string)statuses[statuses.Count - 1];
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"state\":\"sleeping\"") > 0, goodbye);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"radioInterval\":1800") > 0, goodbye);
            Assert.IsTrue(Ordinal.IndexOf(goodbye, "\"config\":3") > 0, goodbye);
            Assert.IsTrue(rig.Power.RequestedSleep > 100000 && rig.Power.RequestedSleep <= 120000, "the sleep that ends the session already samples every 120 s, not "
                + rig.Power.RequestedSleep.ToString());

            // The next radio session comes 1800 s later: 15 sample wakes of 120 s.
            int sessions = statuses.Count;
            rig.Wakes(14);
            Assert.AreEqual(sessions, rig.Mqtt.TextsOn("sensors/d/status").Count, "no session before 1800 s");
            rig.Wake();
            Assert.IsTrue(rig.Mqtt.TextsOn("sensors/d/status").Count > sessions, "a session at 1800 s");
        }

        [DataRow("{\"version\":4,\"sampleIntervalSeconds\":\"60\"}", "sampleIntervalSeconds must be a whole number, not a string")]
        [DataRow("{\"version\":4,\"sampleIntervalSeconds\":0}", "sampleIntervalSeconds must be 1 to 86400, not 0")]
        [DataRow("{\"version\":4,\"colour\":\"red\"}", "unknown configuration key 'colour'")]
        [DataRow("{\"version\":4,\"sampleIntervalSeconds\":60", "configuration is not valid JSON")]
        [DataRow("{\"sampleIntervalSeconds\":60}", "needs a \\\"version\\\"")]
        [DataRow("{\"version\":4,\"deviceId\":\"x\"}", "deviceId can only be set in the deployed configuration file")]
        [DataRow("{\"version\":4,\"device\":\"other\",\"sampleIntervalSeconds\":60}", "the configuration is for device 'other', not 'd'")]
        [DataRow("{\"version\":4,\"tls\":true}", "tls needs caCertificate")]
        [DataRow("{\"version\":4,\"radioIntervalSeconds\":60}", "radioIntervalSeconds must be 300 to 604800, not 60")]
        [DataRow("{\"version\":4,\"version\":5}", "appears more than once")]
        [TestMethod]
        public void ABadConfigurationIsRejectedWithItsReasonAndChangesNothing(string document, string reason)
        {
            DeviceRig rig = Rig();
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "config", document, false);
            rig.Config.RadioIntervalSeconds = 300;
            rig.Wakes(12);

            string answer = LastEvent(rig);
            Assert.IsTrue(Ordinal.IndexOf(answer, "\"result\":\"rejected\"") > 0, answer);
            Assert.IsTrue(Ordinal.IndexOf(answer, reason) > 0, answer + " / " + reason);
            rig.Wake();
            Assert.AreEqual(0L, rig.Last.Configuration.AppliedVersion);
            Assert.AreEqual(300, rig.Last.Config.SampleIntervalSeconds);
        }

        [TestMethod]
        public void AnOlderVersionSentAgainIsRefusedOnceAndIgnoredWhenRetained()
        {
            DeviceRig rig = FastRig();
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":7,\"logFillPercent\":80}", false);
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":6,\"logFillPercent\":70}", false);
            rig.Wake();
            Assert.IsTrue(Ordinal.IndexOf(LastEvent(rig), "not newer than the applied version 7") > 0, LastEvent(rig));
            int answers = EventCount(rig);
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":6,\"logFillPercent\":70}", true);
            rig.Wake();
            Assert.AreEqual(answers, EventCount(rig));
            Assert.AreEqual(80, rig.Last.Config.LogFillPercent);
        }

        [TestMethod]
        public void ABrokerChangeIsTriedAndRevertedWhenItCannotConnect()
        {
            DeviceRig rig = FastRig();
            rig.Wake();
            rig.Mqtt.RefusedHost = "10.9.9.9";
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":2,\"brokerHost\":\"10.9.9.9\",\"password\":\"s3cret!\",\"userName\":\"u\"}", false);
            rig.Wake();
            string trial = LastEvent(rig);
            Assert.IsTrue(Ordinal.IndexOf(trial, "\"result\":\"trial\"") > 0, trial);
            Assert.IsTrue(Ordinal.IndexOf(trial, "brokerHost") > 0 && Ordinal.IndexOf(trial, "s3cret") < 0, trial);

            // The next wake connects with the trial, fails, connects with the previous configuration and reports.
            rig.Wake();
            string reverted = LastEvent(rig);
            Assert.IsTrue(Ordinal.IndexOf(reverted, "\"result\":\"reverted\",\"version\":2") > 0, reverted);
            Assert.IsTrue(Ordinal.IndexOf(reverted, "unreachable") > 0, reverted);
            Assert.AreEqual("127.0.0.1", rig.Mqtt.LastOptions.Host);
            rig.Wake();
            Assert.AreEqual("127.0.0.1", rig.Last.Config.BrokerHost);
            Assert.AreEqual(0L, rig.Last.Configuration.AppliedVersion);
            Assert.IsFalse(rig.Log.Contains("s3cret"), "secrets never reach the log");
            for (int i = 0; i < rig.Mqtt.PublishedCount; i++)
            {
                Assert.IsTrue(Ordinal.IndexOf(rig.Mqtt.GetPublished(i).Text, "s3cret") < 0, rig.Mqtt.GetPublished(i).Text);
            }

            // The retained desired state comes again: the rejected version is not tried again.
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":2,\"brokerHost\":\"10.9.9.9\",\"password\":\"s3cret!\",\"userName\":\"u\"}", true);
            rig.Wake();
            Assert.AreEqual("127.0.0.1", rig.Mqtt.LastOptions.Host);
        }

        [TestMethod]
        public void AWifiChangeThatConnectsIsConfirmed()
        {
            DeviceRig rig = FastRig();
            rig.Wake();
            rig.Network.AcceptedSsid = "attic";
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":9,\"wifiSsid\":\"attic\",\"wifiPassword\":\"pw-123456\"}", false);
            rig.Wake();
            rig.Wake();

            Assert.IsTrue(Ordinal.IndexOf(LastEvent(rig), "\"result\":\"confirmed\",\"version\":9") > 0, LastEvent(rig));
            Assert.AreEqual("attic", rig.Network.LastSsid);
            rig.Wake();
            Assert.AreEqual(9L, rig.Last.Configuration.AppliedVersion);
            Assert.IsFalse(rig.Last.Configuration.OnTrial);
        }

        [TestMethod]
        public void AOneShotRebootRunsOnceAndAnExpiredOneDoesNot()
        {
            DeviceRig rig = FastRig();
            rig.Wake();
            long now = rig.World.UnixTimeMilliseconds / 1000;
            rig.Mqtt.Deliver(Cmd + "reboot", "{\"id\":\"r-1\",\"expires\":" + (now + 3600).ToString() + "}", false);
            rig.Wake();
            Assert.IsTrue(rig.Power.Rebooted, "the wake ended with a reboot");
            Assert.IsTrue(Ordinal.IndexOf(LastEvent(rig), "\"id\":\"r-1\",\"result\":\"accepted") > 0, LastEvent(rig));

            // Delivered again (as after a cut): it does not run again.
            rig.Mqtt.Deliver(Cmd + "reboot", "{\"id\":\"r-1\",\"expires\":" + (now + 3600).ToString() + "}", false);
            rig.Wake();
            Assert.AreEqual("reboot", rig.Last.WakeReasonText);
            Assert.IsFalse(rig.Power.Rebooted);

            rig.Mqtt.Deliver(Cmd + "reboot", "{\"id\":\"r-2\",\"expires\":" + (now - 60).ToString() + "}", false);
            rig.Wake();
            Assert.IsFalse(rig.Power.Rebooted);
            Assert.IsTrue(Ordinal.IndexOf(LastEvent(rig), "\"id\":\"r-2\",\"result\":\"rejected\",\"error\":\"expired at") > 0, LastEvent(rig));
        }

        [DataRow("reboot", "{\"expires\":4102444800}", "needs an \\\"id\\\"")]
        [DataRow("reboot", "{\"id\":\"a\"}", "needs \\\"expires\\\"")]
        [DataRow("reboot", "{\"id\":\"a\",\"expires\":4102444800,\"delay\":5}", "unknown field 'delay'")]
        [DataRow("reboot", "{\"id\":\"a\",\"expires\":\"soon\"}", "expires must be a whole number")]
        [DataRow("reboot", "not json", "not valid JSON")]
        [DataRow("reboot", "{\"id\":\"a\",\"expires\":4102444800,\"device\":\"other\"}", "for device 'other', not 'd'")]
        [DataRow("dance", "{}", "unknown command 'dance'")]
        [DataRow("setpoint", "21.5", "this device has no thermostat")]
        [TestMethod]
        public void ABadCommandIsRejectedWithItsReason(string command, string payload, string reason)
        {
            DeviceRig rig = FastRig();
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + command, payload, false);
            rig.Wake();

            string answer = LastEvent(rig);
            Assert.IsTrue(Ordinal.IndexOf(answer, "\"result\":\"rejected\"") > 0 && Ordinal.IndexOf(answer, reason) > 0, answer + " / " + reason);
            Assert.IsFalse(rig.Power.Rebooted);
        }

        [TestMethod]
        public void ARetainedOneShotCommandIsRefusedOnce()
        {
            DeviceRig rig = FastRig();
            rig.Wake();
            string payload = "{\"id\":\"r-9\",\"expires\":" + ((rig.World.UnixTimeMilliseconds / 1000) + 3600).ToString() + "}";
            rig.Mqtt.Deliver(Cmd + "reboot", payload, true);
            rig.Wake();
            Assert.IsTrue(Ordinal.IndexOf(LastEvent(rig), "must not be retained") > 0, LastEvent(rig));
            int answers = EventCount(rig);
            rig.Mqtt.Deliver(Cmd + "reboot", payload, true);
            rig.Wake();

            Assert.AreEqual(answers, EventCount(rig));
            Assert.IsFalse(rig.Power.Rebooted);
        }

        [TestMethod]
        public void AnOversizedCommandIsRejected()
        {
            DeviceRig rig = FastRig();
            rig.Wake();
            string big = "{\"version\":5,\"brokerHost\":\"";
            for (int i = 0; i < 1100; i++)
            {
                big += "aaaaaaaaaa";
            }

            rig.Mqtt.Deliver(Cmd + "config", big + "\"}", false);
            rig.Wake();

            Assert.IsTrue(Ordinal.IndexOf(LastEvent(rig), "payload larger than") > 0, LastEvent(rig));
            Assert.AreEqual(0L, rig.Last.Configuration.AppliedVersion);
        }

        [TestMethod]
        public void AFullStatusIsPublishedOnRequest()
        {
            DeviceRig rig = FastRig();
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "status", "{\"id\":\"s-1\",\"expires\":" + ((rig.World.UnixTimeMilliseconds / 1000) + 60).ToString() + "}", false);
            rig.Wake();

            string status = LastEvent(rig);
            Assert.IsTrue(Ordinal.IndexOf(status, "{\"event\":\"status\",\"id\":\"s-1\",\"status\":{\"state\":\"online\"") == 0, status);
            Assert.IsTrue(Ordinal.IndexOf(status, "\"phases_uAh\"") > 0, status);
        }

        [TestMethod]
        public void AFactoryResetErasesConfigurationAndStateAndKeepsUnsentReadings()
        {
            DeviceRig rig = FastRig();
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":4,\"logFillPercent\":90}", false);
            rig.Wake();
            rig.Network.Available = false;
            rig.Wakes(3);
            long held = rig.Last.Storage.Log.Held;
            rig.Network.Available = true;
            rig.Mqtt.AcknowledgeLimit = 1;
            long now = rig.World.UnixTimeMilliseconds / 1000;
            rig.Mqtt.Deliver(Cmd + "factory-reset", "{\"id\":\"f-1\",\"expires\":" + (now + 60).ToString() + "}", false);
            rig.Wake();
            Assert.IsTrue(rig.Power.Rebooted);

            rig.Mqtt.AcknowledgeLimit = int.MaxValue;
            rig.Network.Available = false;
            rig.Wake();
            Assert.AreEqual(0L, rig.Last.Configuration.AppliedVersion, "configuration erased");
            Assert.AreEqual(1L, rig.Last.Storage.Boot.Boots, "state erased");
            Assert.IsTrue(rig.Last.Storage.Log.Held >= held, "unsent readings kept");
        }

        private static DeviceRig Rig()
        {
            DeviceRig rig = new DeviceRig("d");
            rig.Config.BackoffBaseSeconds = 1;
            rig.Config.BackoffCapSeconds = 1;
            return rig;
        }

        /// <summary>A rig with a radio session at every wake.</summary>
        internal static DeviceRig FastRig()
        {
            DeviceRig rig = Rig();
            rig.Config.RadioIntervalSeconds = 300;
            return rig;
        }

        internal static string LastEvent(DeviceRig rig)
        {
            ArrayList events = rig.Mqtt.TextsOn(Events);
            return events.Count == 0 ? "(no event)" : (string)events[events.Count - 1];
        }

        internal static int EventCount(DeviceRig rig)
        {
            return rig.Mqtt.TextsOn(Events).Count;
        }
    }
}
