using System.Collections;
using Firmware.Device;
using Firmware.Device.Phases;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using Firmware.Tests.Json;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    /// <summary>
    /// A mains device's economy: its readings go out in batches on the telemetry interval (mainsTelemetryIntervalSeconds)
    /// and at once when a session opens, an alarm starts, a full batch waits or the loop stops; its retained state at QoS 0
    /// with every drain and at once when the control changes (the heater, the setpoint, the mode, the alarm). Every
    /// reading still arrives, in order, across a lost session and a reset; a battery device is as it was.
    /// </summary>
    [TestClass]
    public class MainsTelemetryTests
    {
        private const string Telemetry = "sensors/m/telemetry";
        private const string State = "sensors/m/state";
        private const int Minute = 60000;

        [TestMethod]
        public void ReadingsGoOutInBatchesOnTheIntervalAndTheStateWithEachBatchAtQos0()
        {
            FakeClock clock = new FakeClock();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = TestPlatform.Online(clock, mqtt, TestPlatform.ClimateSensor(), 20 * Minute);

            DeviceLoop loop = new DeviceLoop(platform, Mains(), "1");
            loop.Run();

            // Samples at minutes 0 to 19; 300 s is five samples: a drain after the first sample (the session opened), at
            // minutes 5, 10 and 15, and one before the goodbye. The state goes after each exchange's drain; nothing it
            // shows of the control changes between them.
            Assert.AreEqual("1,6,11,16,20", LastReadingOfEachBatch(mqtt));
            Assert.AreEqual("0,1,2,3,4", StatesBeforeEachBatch(mqtt));
            Assert.AreEqual(SenmlText.Range(1, 20), SenmlText.Sequences(mqtt.TextsOn(Telemetry)), "every reading once, in order");
            Assert.AreEqual(20L, loop.Context.Drain.Delivered);
            Assert.AreEqual(0L, loop.Context.Storage.Log.Held);
            Assert.AreEqual(Telemetry, mqtt.GetPublished(mqtt.PublishedCount - 2).Topic, "the last batch goes before the goodbye");
            int states = 0;
            for (int i = 0; i < mqtt.PublishedCount; i++)
            {
                PublishedMessage m = mqtt.GetPublished(i);
                if (m.Topic == State)
                {
                    states++;
                    Assert.AreEqual(0, m.Qos, "a later state supersedes it: QoS 0");
                    Assert.IsTrue(m.Retain);
                    Assert.AreEqual(((5 * (states - 1)) + 1).ToString(), JsonQuery.Value(m.Text, "seq"), "the state of the sample whose exchange drained: " + m.Text);
                }
                else
                {
                    Assert.AreEqual(1, m.Qos, m.Topic + " stays at QoS 1");
                }
            }

            Assert.AreEqual(4, states, "one with each exchange's drain, not one a sample");
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(60)]
        [DataRow(80)]
        public void AnIntervalOfZeroOrAboutASampleDrainsAfterEverySample(int seconds)
        {
            FakeClock clock = new FakeClock();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = TestPlatform.Online(clock, mqtt, TestPlatform.ClimateSensor(), 6 * Minute);
            DeviceConfig config = Mains();
            config.MainsTelemetryIntervalSeconds = seconds;

            DeviceLoop loop = new DeviceLoop(platform, config, "1");
            loop.Run();

            Assert.AreEqual("1,2,3,4,5,6", LastReadingOfEachBatch(mqtt), "one batch a sample, none left for the goodbye");
            Assert.AreEqual("0,1,2,3,4,5", StatesBeforeEachBatch(mqtt), "the state with every batch: after every sample");
            Assert.AreEqual(SenmlText.Range(1, 6), SenmlText.Sequences(mqtt.TextsOn(Telemetry)));
        }

        [TestMethod]
        public void TheIntervalIsAWholeNumberOfSamplesWithHalfASampleOfSlack()
        {
            Assert.AreEqual(60000L, new MainsTelemetrySchedule(Minute, 0).IntervalMilliseconds, "0: every sample");
            Assert.AreEqual(300000L, new MainsTelemetrySchedule(300000, 60).IntervalMilliseconds, "less than a sample: every sample");
            Assert.AreEqual(120000L, new MainsTelemetrySchedule(Minute, 90).IntervalMilliseconds, "rounded to the nearest sample");
            Assert.AreEqual(Minute * 1440L, new MainsTelemetrySchedule(Minute, 86400).IntervalMilliseconds);

            MainsTelemetrySchedule schedule = new MainsTelemetrySchedule(Minute, 300);
            Assert.AreEqual(300000L, schedule.IntervalMilliseconds);
            Assert.IsTrue(schedule.IsDue(0, 1, 10), "the first exchange drains");
            schedule.Drained(1000, true);
            Assert.IsFalse(schedule.IsDue(1000 + (4 * Minute), 4, 10));
            Assert.IsTrue(schedule.IsDue(1000 + (5 * Minute) - 30, 5, 10), "a sample a little early is still the fifth");
            Assert.IsFalse(schedule.IsDue(1000 + (4 * Minute) + 29999, 5, 10));
            Assert.IsTrue(schedule.IsDue(1000 + Minute, 10, 10), "a full batch goes at once");

            schedule.Request();
            Assert.IsTrue(schedule.IsDue(1000 + Minute, 0, 10), "asked for: at once");
            schedule.Drained(1000 + Minute, false);
            Assert.IsTrue(schedule.IsDue(1000 + (2 * Minute), 1, 10), "a drain that left readings behind runs again at the next sample");
            schedule.Drained(1000 + (2 * Minute), true);
            Assert.IsFalse(schedule.IsDue(1000 + (3 * Minute), 1, 10));
        }

        [TestMethod]
        public void AFullBatchGoesOutWithoutWaitingForTheInterval()
        {
            FakeClock clock = new FakeClock();
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            Platform platform = TestPlatform.Online(clock, mqtt, TestPlatform.ClimateSensor(), 60 * Minute);
            DeviceConfig config = Mains();
            config.MainsTelemetryIntervalSeconds = 3600;

            DeviceLoop loop = new DeviceLoop(platform, config, "1");
            loop.Run();

            Assert.AreEqual(SenmlText.Range(1, 60), SenmlText.Sequences(mqtt.TextsOn(Telemetry)), "every reading once, in order");
            // Each batch as the states published before it (one with each exchange's drain): batches of one drain share it.
            string[] statesBefore = StatesBeforeEachBatch(mqtt).Split(',');
            Assert.IsTrue(statesBefore.Length >= 5 && statesBefore.Length <= 8, "a drain per full batch, not one an hour nor one a sample: " + statesBefore.Length.ToString());
            Assert.AreEqual("0", statesBefore[0]);
            Assert.AreEqual("1", LastReadingOfEachBatch(mqtt).Split(',')[0], "the first drain after the first sample");
            ArrayList batches = mqtt.TextsOn(Telemetry);
            for (int i = 3; i < statesBefore.Length - 1; i++)
            {
                // From the third drain on (a batch of one reading judges a little high, so the second may take two batches):
                // one batch a drain, filled to within a couple of readings.
                Assert.IsTrue(statesBefore[i] != statesBefore[i - 1] && statesBefore[i] != statesBefore[i + 1], "drain " + i.ToString() + " took one batch");
                int bytes = TestText.Encode((string)batches[i]).Length;
                Assert.IsTrue(bytes <= config.MaxPayloadBytes && bytes > config.MaxPayloadBytes - 400, "batch " + i.ToString() + " went full: " + bytes.ToString() + " bytes");
            }
        }

        [TestMethod]
        public void NoReadingIsLostAcrossALostSessionAndAReset()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            WakeContext context = rig.Boot();
            for (int minute = 0; minute < 9; minute++)
            {
                if (minute == 5)
                {
                    // The batch of minutes 1 to 5 reaches the broker; the connection goes before its PUBACK.
                    rig.Mqtt.CutAfterPublishes = 1;
                }

                RunSample(rig, context);
            }

            Assert.IsTrue(rig.Mqtt.ConnectCount == 2, "opened again at the next sample");
            Assert.AreEqual(2L, context.Storage.Log.Held, "minutes 7 and 8 wait for the interval");

            // A reset: the device's RAM and its connection are gone, its flash keeps the log.
            rig.Mqtt.Disconnect();
            rig.Clock.Reboot();
            context = rig.Boot();
            RunSample(rig, context);

            Assert.AreEqual("1,2,3,4,5,6,2,3,4,5,6,7,8,9,10", SenmlText.Sequences(rig.Mqtt.TextsOn(Telemetry)),
                "the cut batch again in the new session, at once; what waited at the reset at once after the boot");
            Assert.AreEqual(0L, context.Storage.Log.Held);
        }

        [TestMethod]
        public void AnAlarmsOnsetDrainsAtOnce()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            rig.Config.AlarmAboveCenti = 3000;
            WakeContext context = rig.Boot();
            RunSample(rig, context);
            RunSample(rig, context);
            Assert.AreEqual("1", SenmlText.Sequences(rig.Mqtt.TextsOn(Telemetry)));

            rig.Sensor.Values[0] = 3150;
            RunSample(rig, context);
            Assert.AreEqual("1,2,3", SenmlText.Sequences(rig.Mqtt.TextsOn(Telemetry)), "the reading out of limits goes at once");
            ArrayList states = rig.Mqtt.TextsOn(State);
            Assert.AreEqual("true", JsonQuery.Value((string)states[states.Count - 1], "alarm"));

            int statesAtOnset = rig.Mqtt.TextsOn(State).Count;
            RunSample(rig, context);
            Assert.AreEqual("1,2,3", SenmlText.Sequences(rig.Mqtt.TextsOn(Telemetry)), "staying in alarm waits for the interval");
            Assert.AreEqual(statesAtOnset, rig.Mqtt.TextsOn(State).Count, "staying in alarm changes nothing the state shows");

            rig.Sensor.Values[0] = 2150;
            RunSample(rig, context);
            states = rig.Mqtt.TextsOn(State);
            Assert.AreEqual(statesAtOnset + 1, states.Count, "the alarm's end goes at once");
            Assert.AreEqual("false", JsonQuery.Value((string)states[states.Count - 1], "alarm"));
            Assert.AreEqual("1,2,3", SenmlText.Sequences(rig.Mqtt.TextsOn(Telemetry)), "its readings wait for the interval");
        }

        [TestMethod]
        public void TheHeaterSwitchingSendsTheStateAtOnceBetweenDrains()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            rig.Platform.Relay = new FakeRelay();
            rig.Sensor.Values[0] = 2150;
            WakeContext context = rig.Boot();
            for (int minute = 0; minute < 7; minute++)
            {
                if (minute == 4)
                {
                    // Below the band, past the relay's minimum off time since the boot: the heater goes on.
                    rig.Sensor.Values[0] = 1800;
                }

                RunSample(rig, context);
            }

            ArrayList states = rig.Mqtt.TextsOn(State);
            string shown = string.Empty;
            for (int i = 0; i < states.Count; i++)
            {
                string text = (string)states[i];
                shown += (i == 0 ? string.Empty : ",") + JsonQuery.Value(text, "seq") + ":" + JsonQuery.Value(text, "heating");
            }

            // Drains after minutes 0 and 5 (readings 1 and 6); the heater's switch at minute 4 (reading 5) at once.
            Assert.AreEqual("1:false,5:true,6:true", shown);
            Assert.AreEqual("1,6", LastReadingOfEachBatch(rig.Mqtt));
        }

        [TestMethod]
        public void BetweenDrainsASampleWaitsForNoAcknowledgement()
        {
            DeviceRig rig = DeviceRig.OnMains("m");
            WakeContext context = rig.Boot();
            RunSample(rig, context);
            rig.Mqtt.AcknowledgeLimit = 0;

            new SamplePhase().Run(context);
            new StorePhase().Run(context);
            long before = rig.Clock.UptimeMilliseconds;
            new MainsExchangePhase().Run(context);

            Assert.AreEqual(before, rig.Clock.UptimeMilliseconds, "no PUBACK waited for");
            Assert.AreEqual(1, rig.Mqtt.TextsOn(State).Count, "no drain and no change: no state either");
            Assert.AreEqual(1, rig.Mqtt.TextsOn(Telemetry).Count);
            Assert.IsNull(context.Session.LastError);
            Assert.IsTrue(rig.Mqtt.IsConnected);
        }

        [TestMethod]
        public void ABatteryDeviceDrainsInEverySessionAndWaitsForItsStatesAcknowledgement()
        {
            DeviceRig rig = new DeviceRig("m");
            rig.Config.RadioIntervalSeconds = 300;
            rig.Config.MainsTelemetryIntervalSeconds = 3600;

            rig.Wakes(3);

            Assert.AreEqual("1,2,3", SenmlText.Sequences(rig.Mqtt.TextsOn(Telemetry)), "each session's reading in that session");
            int states = 0;
            for (int i = 0; i < rig.Mqtt.PublishedCount; i++)
            {
                PublishedMessage m = rig.Mqtt.GetPublished(i);
                if (m.Topic == State)
                {
                    states++;
                    Assert.AreEqual(1, m.Qos, "published once a session: QoS 1, acknowledged");
                    Assert.IsTrue(m.Retain);
                }
            }

            Assert.AreEqual(3, states);

            rig.Mqtt.LoseAcknowledgementsOn(State, 1);
            rig.Wake();
            Assert.IsTrue(Ordinal.IndexOf(rig.Last.LastError.Text, "state: no PUBACK") == 0, rig.Last.LastError.Text);
        }

        /// <summary>One sample of the mains loop, its phases in the loop's order, then the minute to the next.</summary>
        private static void RunSample(DeviceRig rig, WakeContext context)
        {
            new SamplePhase().Run(context);
            new ControlPhase().Run(context);
            new BatteryPhase().Run(context);
            new StorePhase().Run(context);
            new AlarmPhase().Run(context);
            new MainsConnectPhase().Run(context);
            new MainsExchangePhase().Run(context);
            rig.Clock.Sleep(Minute);
        }

        /// <summary>The last reading's "seq" in each telemetry batch, comma-separated.</summary>
        private static string LastReadingOfEachBatch(FakeMqttLink mqtt)
        {
            string lasts = string.Empty;
            ArrayList batches = mqtt.TextsOn(Telemetry);
            for (int i = 0; i < batches.Count; i++)
            {
                ArrayList one = new ArrayList();
                one.Add(batches[i]);
                string[] sequences = SenmlText.Sequences(one).Split(',');
                lasts += (lasts.Length == 0 ? string.Empty : ",") + sequences[sequences.Length - 1];
            }

            return lasts;
        }

        /// <summary>How many states had gone out before each telemetry batch, comma-separated.</summary>
        private static string StatesBeforeEachBatch(FakeMqttLink mqtt)
        {
            string counts = string.Empty;
            int states = 0;
            for (int i = 0; i < mqtt.PublishedCount; i++)
            {
                string topic = mqtt.GetPublished(i).Topic;
                if (topic == State)
                {
                    states++;
                }
                else if (topic == Telemetry)
                {
                    counts += (counts.Length == 0 ? string.Empty : ",") + states.ToString();
                }
            }

            return counts;
        }

        private static DeviceConfig Mains()
        {
            DeviceConfig config = new DeviceConfig();
            config.DeviceId = "m";
            config.PowerMode = PowerModes.Mains;
            config.SampleIntervalSeconds = 60;
            return config;
        }
    }
}
