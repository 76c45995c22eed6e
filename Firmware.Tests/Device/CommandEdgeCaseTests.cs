using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>
    /// Edge cases of the command and configuration input a battery device hears: JSON at the edges of the grammar,
    /// payloads at and past the size limit, topics under <c>…/cmd</c> that name no command, configurations at every
    /// boundary, and a clock that jumps back after network time. Each is answered with a specific reason on
    /// <c>…/events</c>, changes nothing, and leaves the loop running.
    /// </summary>
    [TestClass]
    public class CommandEdgeCaseTests
    {
        private const string Cmd = "sensors/d/cmd/";

        [DataRow("[1]", "configuration must be a JSON object")]
        [DataRow("null", "configuration must be a JSON object")]
        [DataRow("\"text\"", "configuration must be a JSON object")]
        [DataRow("{\"version\":4,\"sampleIntervalSeconds\":1e400}", "sampleIntervalSeconds must be a whole number")]
        [DataRow("{\"version\":4,\"sampleIntervalSeconds\":600000000000000000000}", "sampleIntervalSeconds must be a whole number")]
        [DataRow("{\"version\":4,\"sampleIntervalSeconds\":060}", "leading zeros")]
        [DataRow("{\"version\":4,\"sampleIntervalSeconds\":-0.5}", "sampleIntervalSeconds must be a whole number")]
        [DataRow("{\"version\":4,\"x\":[[[[[[[[[[[[1]]]]]]]]]]]]}", "unknown configuration key 'x'")]
        [DataRow("{\"version\":4,\"sampleIntervalSeconds\":60}{}", "configuration is not valid JSON")]
        [DataRow("{\"version\":4294967296,\"sampleIntervalSeconds\":60}", "version must be a whole number from 1 to 4294967295")]
        [DataRow("{\"version\":0,\"sampleIntervalSeconds\":60}", "version must be a whole number from 1 to 4294967295")]
        [DataRow("{\"version\":4,\"alarmAbove\":1e-400}", "alarmAbove must be a number from -1000000 to 1000000")]
        [DataRow("{\"version\":4,\"powerMode\":\"mains\\u0000\"}", "powerMode must be")]
        [DataRow("{\"version\":4,\"brokerHost\":\"broker\\u0000.example\"}", "brokerHost must be a host name or address")]
        [DataRow("{\"version\":4,\"brokerHost\":\"two words\"}", "brokerHost must be a host name or address")]
        [DataRow("{\"version\":4,\"password\":\"p\\u0041ss\",\"userName\":\"u\",\"pass\\u0077ord\":\"x\"}", "configuration key 'password' appears more than once")]
        [TestMethod]
        public void AnEdgeCaseConfigurationIsRejectedWithItsReasonAndChangesNothing(string document, string reason)
        {
            DeviceRig rig = CommandTests.FastRig();
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "config", document, false);
            rig.Wake();

            string answer = CommandTests.LastEvent(rig);
            Assert.IsTrue(Ordinal.IndexOf(answer, "\"result\":\"rejected\"") > 0 && Ordinal.IndexOf(answer, reason) > 0, answer + " / " + reason);
            rig.Wake();
            Assert.AreEqual(0L, rig.Last.Configuration.AppliedVersion);
            Assert.IsFalse(rig.Last.Configuration.OnTrial);
            Assert.AreEqual("127.0.0.1", rig.Last.Config.BrokerHost);
        }

        [TestMethod]
        public void InvalidUtf8AndAnEmptyPayloadChangeNothing()
        {
            DeviceRig rig = CommandTests.FastRig();
            rig.Wake();
            byte[] invalid = Utf8.GetBytes("{\"version\":4,\"brokerHost\":\"x\"}");
            invalid[27] = 0xC0;
            rig.Mqtt.Deliver(Cmd + "config", invalid, false);
            rig.Wake();
            Assert.IsTrue(Ordinal.IndexOf(CommandTests.LastEvent(rig), "invalid UTF-8") > 0, CommandTests.LastEvent(rig));
            int answers = CommandTests.EventCount(rig);

            rig.Mqtt.Deliver(Cmd + "config", new byte[0], true);
            rig.Mqtt.Deliver(Cmd + "reboot", new byte[0], true);
            rig.Wake();
            Assert.AreEqual(answers, CommandTests.EventCount(rig), "an empty payload (a retained message cleared) is not answered");
            Assert.IsFalse(rig.Power.Rebooted);
            Assert.AreEqual(0L, rig.Last.Configuration.AppliedVersion);
        }

        [TestMethod]
        public void ADocumentExactlyAtTheLimitIsAppliedAndOneByteMoreIsRefused()
        {
            DeviceRig rig = CommandTests.FastRig();
            rig.Wake();
            int capacity = rig.Last.Configuration.Capacity;
            Assert.IsTrue(capacity > 64, capacity.ToString());

            rig.Mqtt.Deliver(Cmd + "config", Padded("{\"version\":4,\"logFillPercent\":70}", capacity + 1), false);
            rig.Wake();
            Assert.IsTrue(Ordinal.IndexOf(CommandTests.LastEvent(rig), "payload larger than") > 0, CommandTests.LastEvent(rig));

            rig.Mqtt.Deliver(Cmd + "config", Padded("{\"version\":5,\"logFillPercent\":60}", capacity), false);
            rig.Wake();
            Assert.IsTrue(Ordinal.IndexOf(CommandTests.LastEvent(rig), "\"result\":\"applied\",\"version\":5") > 0, CommandTests.LastEvent(rig));
            rig.Wake();
            Assert.AreEqual(60, rig.Last.Config.LogFillPercent);
        }

        [TestMethod]
        public void NumbersWithExponentsAreReadExactly()
        {
            DeviceRig rig = CommandTests.FastRig();
            rig.Wake();
            rig.Mqtt.Deliver(Cmd + "config", "{\"version\":4.0e0,\"logFillPercent\":0.6e2,\"alarmAbove\":2.55E1}", false);
            rig.Wake();
            Assert.IsTrue(Ordinal.IndexOf(CommandTests.LastEvent(rig), "\"result\":\"applied\",\"version\":4") > 0, CommandTests.LastEvent(rig));
            rig.Wake();
            Assert.AreEqual(60, rig.Last.Config.LogFillPercent);
            Assert.AreEqual(2550, rig.Last.Config.AlarmAboveCenti);
        }

        [DataRow("{\"version\":6,\"sampleIntervalSeconds\":86400,\"radioIntervalSeconds\":604800,\"maxRadioIntervalSeconds\":604800,\"mainsTelemetryIntervalSeconds\":86400,\"targetLifeDays\":36500,\"batteryCapacityMah\":1000000,\"logFillPercent\":100,\"maxPayloadBytes\":8192,\"batchesInFlight\":16,\"sessionBudgetSeconds\":600,\"wakeCapSeconds\":900,\"backoffBaseSeconds\":86400,\"backoffCapSeconds\":604800,\"commandWaitMilliseconds\":5000,\"networkTimeoutMilliseconds\":120000,\"mqttTimeoutMilliseconds\":120000,\"ackTimeoutMilliseconds\":120000,\"alarmBelow\":-1000000,\"alarmAbove\":1000000}")]
        [DataRow("{\"version\":6,\"sampleIntervalSeconds\":1,\"radioIntervalSeconds\":1,\"maxRadioIntervalSeconds\":1,\"mainsTelemetryIntervalSeconds\":0,\"targetLifeDays\":0,\"batteryCapacityMah\":1,\"logFillPercent\":10,\"maxPayloadBytes\":256,\"batchesInFlight\":1,\"sessionBudgetSeconds\":5,\"wakeCapSeconds\":15,\"backoffBaseSeconds\":0,\"backoffCapSeconds\":1,\"commandWaitMilliseconds\":0,\"networkTimeoutMilliseconds\":100,\"mqttTimeoutMilliseconds\":100,\"ackTimeoutMilliseconds\":100,\"alarmBelow\":-0.01,\"alarmAbove\":0}")]
        [DataRow("{\"version\":6,\"sampleIntervalSeconds\":1,\"radioIntervalSeconds\":604800,\"maxRadioIntervalSeconds\":604800,\"targetLifeDays\":36500,\"batteryCapacityMah\":1,\"backoffBaseSeconds\":86400,\"backoffCapSeconds\":604800}")]
        [TestMethod]
        public void AConfigurationAtItsBoundariesIsAppliedAndTheDeviceKeepsRunning(string document)
        {
            DeviceRig rig = CommandTests.FastRig();
            rig.Wake();
            rig.Network.Available = false;
            rig.Wakes(3);
            rig.Network.Available = true;
            rig.Mqtt.Deliver(Cmd + "config", document, false);
            rig.Wake();
            Assert.IsTrue(Ordinal.IndexOf(CommandTests.LastEvent(rig), "\"result\":\"applied\",\"version\":6") > 0, CommandTests.LastEvent(rig));

            // Every later wake samples, stores and sleeps; the radio goes when due, and fails and recovers.
            int measured = rig.Sensor.Measurements;
            long next = rig.Last.Storage.Log.NextSequence;
            for (int i = 0; i < 6; i++)
            {
                rig.Network.Available = i != 2;
                rig.Wake();
                Assert.AreEqual(6L, rig.Last.Configuration.AppliedVersion);
                Assert.IsTrue(rig.Power.RequestedSleep > 0 || rig.Power.Rebooted, "wake " + i.ToString() + " asked for a sleep");
            }

            Assert.AreEqual(6, rig.Sensor.Measurements - measured, "every wake sampled");
            Assert.AreEqual(next + 6, rig.Last.Storage.Log.NextSequence, "and stored its reading");
        }

        [DataRow("sensors/d/cmd/reboot/now", "unknown command 'reboot/now'")]
        [DataRow("sensors/d/cmd/", "unknown command ''")]
        [DataRow("sensors/d/cmd", "unknown command ''")]
        [DataRow("sensors/d/cmd//config", "unknown command '/config'")]
        [TestMethod]
        public void AMessageUnderTheCommandTopicThatNamesNoCommandIsRejected(string topic, string reason)
        {
            DeviceRig rig = CommandTests.FastRig();
            rig.Wake();
            long now = rig.World.UnixTimeMilliseconds / 1000;
            rig.Mqtt.Deliver(topic, "{\"id\":\"r-5\",\"expires\":" + (now + 3600).ToString() + "}", false);
            rig.Wake();

            string answer = CommandTests.LastEvent(rig);
            Assert.IsTrue(Ordinal.IndexOf(answer, "\"result\":\"rejected\"") > 0 && Ordinal.IndexOf(answer, reason) > 0, answer + " / " + reason);
            Assert.IsFalse(rig.Power.Rebooted);
        }

        [TestMethod]
        public void ACommandForAnotherDevicesTopicIsIgnored()
        {
            DeviceRig rig = CommandTests.FastRig();
            rig.Wake();
            long now = rig.World.UnixTimeMilliseconds / 1000;
            int answers = CommandTests.EventCount(rig);
            rig.Mqtt.Deliver("sensors/other/cmd/reboot", "{\"id\":\"r-6\",\"expires\":" + (now + 3600).ToString() + "}", false);
            rig.Mqtt.Deliver("sensors/dd/cmd/config", "{\"version\":9,\"logFillPercent\":70}", false);
            rig.Wake();

            Assert.IsFalse(rig.Power.Rebooted);
            Assert.AreEqual(answers, CommandTests.EventCount(rig));
            rig.Wake();
            Assert.AreEqual(0L, rig.Last.Configuration.AppliedVersion);
        }

        [TestMethod]
        public void AClockThatJumpsBackAfterNetworkTimeIsSetAgainAtTheNextSession()
        {
            DeviceRig rig = CommandTests.FastRig();
            rig.Wake();
            Assert.IsTrue(rig.Clock.IsWallTimeKnown);
            long world = rig.World.UnixTimeMilliseconds;

            // The RTC loses ten days (a glitch, a bad write): known, but wrong.
            rig.Clock.SetUnixTimeMilliseconds(world - (10L * 86400000));
            rig.Wake();

            long error = rig.Clock.UnixTimeMilliseconds - rig.World.UnixTimeMilliseconds;
            Assert.IsTrue(error > -60000 && error < 60000, "the clock is off by " + (error / 1000).ToString() + " s after a session");
        }

        private static byte[] Padded(string json, int length)
        {
            byte[] text = Utf8.GetBytes(json);
            byte[] padded = new byte[length];
            for (int i = 0; i < padded.Length; i++)
            {
                padded[i] = (byte)' ';
            }

            System.Array.Copy(text, 0, padded, 0, text.Length - 1);
            padded[length - 1] = (byte)'}';
            return padded;
        }
    }
}
