using System.Collections;
using Firmware.Device;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Readings;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using Firmware.Text;
using Firmware.Uplink;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Uplink
{
    /// <summary>
    /// The windowed drain: batches within the payload limit, a bounded window in flight, and the log acknowledged
    /// only through the longest run of acknowledged batches from the oldest.
    /// </summary>
    [TestClass]
    public class TelemetryDrainTests
    {
        private const string Topic = "sensors/d/telemetry";

        [TestMethod]
        public void DrainsEverythingInOrderInBatchesWithinThePayloadLimit()
        {
            FakeClock clock = Clock();
            DeviceStorage storage = Storage(clock, 50, true);
            FakeMqttLink mqtt = Connected(clock);
            TelemetryDrain drain = Drain(storage, mqtt, clock, 512, 4);

            int delivered = drain.Run(Budget(clock, 60000));

            Assert.AreEqual(50, delivered);
            Assert.IsTrue(drain.Drained);
            Assert.AreEqual(0L, storage.Log.Held);
            ArrayList texts = mqtt.TextsOn(Topic);
            Assert.IsTrue(texts.Count > 5, "several batches: " + texts.Count.ToString());
            for (int i = 0; i < texts.Count; i++)
            {
                Assert.IsTrue(((string)texts[i]).Length <= 512, "batch " + i.ToString() + " has " + ((string)texts[i]).Length.ToString() + " bytes");
            }

            Assert.AreEqual(SenmlText.Range(1, 50), SenmlText.Sequences(texts));
        }

        [TestMethod]
        public void PubacksInAnyOrderReleaseEverything()
        {
            FakeClock clock = Clock();
            DeviceStorage storage = Storage(clock, 40, true);
            FakeMqttLink mqtt = Connected(clock);
            mqtt.AcknowledgeNewestFirst = true;

            int delivered = Drain(storage, mqtt, clock, 512, 4).Run(Budget(clock, 60000));

            Assert.AreEqual(40, delivered);
            Assert.AreEqual(0L, storage.Log.Held);
        }

        [TestMethod]
        public void TheAcknowledgedPointNeverPassesABatchWhosePubackIsMissing()
        {
            FakeClock clock = Clock();
            DeviceStorage storage = Storage(clock, 40, true);
            FakeMqttLink mqtt = Connected(clock);

            // Window of 4: batches 1-4 go out; 2, 3 and 4 are acknowledged, 1 is not, nor is its resend (publish 5).
            mqtt.LoseAcknowledgementOf(1);
            mqtt.LoseAcknowledgementOf(5);
            TelemetryDrain drain = Drain(storage, mqtt, clock, 512, 4);
            int delivered = drain.Run(Budget(clock, 60000));

            Assert.AreEqual(0, delivered);
            Assert.AreEqual(40L, storage.Log.Held, "batches 2-4 were acknowledged but batch 1 was not: nothing is released");
            Assert.AreEqual(0L, storage.Log.AcknowledgedThrough);
            Assert.AreEqual(4L, drain.BatchesResent, "the window was sent once more in the same session");
            Assert.IsTrue(Ordinal.IndexOf(drain.LastError, "no PUBACK") >= 0, drain.LastError);

            // The next session sends them again; the receiver de-duplicates by sequence number.
            Assert.AreEqual(40, Drain(storage, mqtt, clock, 512, 4).Run(Budget(clock, 60000)));
            Assert.AreEqual(0L, storage.Log.Held);
        }

        [TestMethod]
        public void ACutMidBatchKeepsTheBatchesInFlightAndOnlyThoseComeTwice()
        {
            FakeClock clock = Clock();
            DeviceStorage storage = Storage(clock, 40, true);
            FakeMqttLink mqtt = Connected(clock);
            mqtt.AcknowledgeNewestFirst = false;
            TelemetryDrain drain = Drain(storage, mqtt, clock, 512, 1);

            // Window of 1: batch 1 is acknowledged; batch 2 reaches the broker and the connection goes before its PUBACK.
            mqtt.CutAfterPublishes = 2;
            int first = drain.Run(Budget(clock, 60000));
            ArrayList sent = mqtt.TextsOn(Topic);
            Assert.AreEqual(2, sent.Count);
            string batch1 = SenmlText.Sequences(ArrayOf((string)sent[0]));
            string batch2 = SenmlText.Sequences(ArrayOf((string)sent[1]));
            Assert.IsTrue(first > 0 && first < 40);
            Assert.IsTrue(Ordinal.IndexOf(drain.LastError, "connection lost") >= 0 || Ordinal.IndexOf(drain.LastError, "publish failed") >= 0, drain.LastError);

            mqtt.Connect(new MqttConnectOptions(), 1000);
            Assert.AreEqual(40 - first, Drain(storage, mqtt, clock, 512, 4).Run(Budget(clock, 60000)));
            ArrayList all = mqtt.TextsOn(Topic);
            string third = SenmlText.Sequences(ArrayOf((string)all[2]));
            Assert.IsTrue(Ordinal.IndexOf(third, batch2) == 0, "the batch in flight at the cut is the first sent again: " + third + " / " + batch2);
            Assert.IsTrue(Ordinal.IndexOf(third, batch1) < 0, "the acknowledged batch is not sent again");
            Assert.AreEqual(0L, storage.Log.Held);
        }

        [TestMethod]
        public void ReadingsOfUnknownTimeGoInBatchesOfTheirOwn()
        {
            FakeClock clock = new FakeClock();
            DeviceStorage storage = Storage(clock, 3, false);
            clock.SetUnixTimeMilliseconds(1764151500000);
            Append(storage, clock, 3);
            FakeMqttLink mqtt = Connected(clock);

            Drain(storage, mqtt, clock, 2048, 4).Run(Budget(clock, 60000));

            ArrayList texts = mqtt.TextsOn(Topic);
            Assert.AreEqual(2, texts.Count);
            Assert.IsTrue(Ordinal.IndexOf(((string)texts[0]), "time_unknown") > 0);
            Assert.IsTrue(Ordinal.IndexOf(((string)texts[1]), "time_unknown") < 0 && Ordinal.IndexOf(((string)texts[1]), "\"bt\"") > 0);
        }

        [TestMethod]
        public void ASpentBudgetSendsNothing()
        {
            FakeClock clock = Clock();
            DeviceStorage storage = Storage(clock, 5, true);
            FakeMqttLink mqtt = Connected(clock);

            TelemetryDrain drain = Drain(storage, mqtt, clock, 512, 4);
            Assert.AreEqual(0, drain.Run(Budget(clock, 0)));

            Assert.AreEqual(0, mqtt.PublishedCount);
            Assert.AreEqual(5L, storage.Log.Held);
        }

        [TestMethod]
        public void DuplicateAndUnknownPubacksReleaseEachBatchOnce()
        {
            FakeClock clock = Clock();
            DeviceStorage storage = Storage(clock, 40, true);
            MisbehavingMqttLink link = new MisbehavingMqttLink(Connected(clock));
            link.DuplicateEachAck = true;
            link.UnknownAcks = 3;

            TelemetryDrain drain = Drain(storage, link, clock, 512, 4);
            int delivered = drain.Run(Budget(clock, 60000));

            Assert.AreEqual(40, delivered);
            Assert.AreEqual(40L, drain.Delivered);
            Assert.AreEqual(0L, storage.Log.Held);
            Assert.AreEqual(40L, storage.Log.AcknowledgedThrough);
        }

        [TestMethod]
        public void PubacksForUnknownPacketIdsCannotKeepTheDrainPastItsBudget()
        {
            FakeClock clock = Clock();
            DeviceStorage storage = Storage(clock, 40, true);
            FakeMqttLink mqtt = Connected(clock);
            mqtt.AcknowledgeLimit = 0;
            MisbehavingMqttLink link = new MisbehavingMqttLink(mqtt);
            link.UnknownAcks = 1000000;
            long start = clock.UptimeMilliseconds;

            TelemetryDrain drain = Drain(storage, link, clock, 512, 4);
            int delivered = drain.Run(Budget(clock, 30000));

            Assert.AreEqual(0, delivered);
            Assert.AreEqual(40L, storage.Log.Held, "nothing acknowledged without its own PUBACK");
            Assert.IsTrue(clock.UptimeMilliseconds - start <= 30000 + 1000, "the drain waited " + (clock.UptimeMilliseconds - start).ToString()
                + " ms on a 30 s budget");
            Assert.IsTrue(drain.LastError != null && Ordinal.IndexOf(drain.LastError, "budget") >= 0, drain.LastError);
        }

        [TestMethod]
        public void APublishWaitsForItsOwnPubackAndNoLongerThanItsTimeout()
        {
            FakeClock clock = Clock();
            FakeMqttLink mqtt = Connected(clock);
            mqtt.AcknowledgeLimit = 0;
            MisbehavingMqttLink link = new MisbehavingMqttLink(mqtt);
            link.UnknownAcks = 1000000;
            AcknowledgedPublisher publisher = new AcknowledgedPublisher(link, clock);
            byte[] payload = Utf8.GetBytes("{}");
            long start = clock.UptimeMilliseconds;

            Assert.IsFalse(publisher.Publish("sensors/d/status", payload, payload.Length, true, 2000));
            Assert.IsTrue(clock.UptimeMilliseconds - start <= 2000 + 100, (clock.UptimeMilliseconds - start).ToString());
        }

        [TestMethod]
        public void AFullBatchIsJudgedByTheReadingsLastSentWithoutThePacksOverhead()
        {
            FakeClock clock = Clock();
            DeviceStorage many = Storage(clock, 50, true);
            FakeMqttLink mqtt = Connected(clock);
            TelemetryDrain drain = Drain(many, mqtt, clock, 2048, 4);
            Assert.AreEqual(TelemetryDrain.MaxReadingsPerBatch, drain.FullBatchReadings, "nothing known before a batch");

            drain.Run(Budget(clock, 60000));
            ArrayList first = ArrayOf((string)mqtt.TextsOn(Topic)[0]);
            int fitted = SenmlText.Sequences(first).Split(',').Length;
            Assert.IsTrue(drain.FullBatchReadings < fitted && drain.FullBatchReadings >= fitted - 2,
                drain.FullBatchReadings.ToString() + " against " + fitted.ToString() + " in a full batch");

            FakeMqttLink single = Connected(clock);
            TelemetryDrain one = Drain(Storage(clock, 1, true), single, clock, 2048, 4);
            one.Run(Budget(clock, 60000));
            Assert.IsTrue(one.FullBatchReadings >= fitted - 2 && one.FullBatchReadings <= fitted + 3,
                "a batch of one reading judges a little high at most: " + one.FullBatchReadings.ToString() + " against " + fitted.ToString());
        }

        [TestMethod]
        public void AMessageAtMostOnceGoesAtQos0CountsItsBytesAndWaitsForNothing()
        {
            FakeClock clock = Clock();
            FakeMqttLink mqtt = Connected(clock);
            mqtt.AcknowledgeLimit = 0;
            AcknowledgedPublisher publisher = new AcknowledgedPublisher(mqtt, clock);
            byte[] payload = Utf8.GetBytes("{\"seq\":7}");
            long start = clock.UptimeMilliseconds;

            Assert.IsTrue(publisher.PublishAtMostOnce("sensors/d/state", payload, payload.Length, true));
            Assert.AreEqual(start, clock.UptimeMilliseconds, "no PUBACK to wait for");
            Assert.AreEqual((long)payload.Length, publisher.BytesSent, "its bytes count for the transmit time");
            Assert.AreEqual(0L, publisher.Acknowledged);
            Assert.AreEqual(0, mqtt.GetPublished(0).Qos);
            Assert.IsTrue(mqtt.GetPublished(0).Retain);

            mqtt.Disconnect();
            Assert.IsFalse(publisher.PublishAtMostOnce("sensors/d/state", payload, payload.Length, true));
            Assert.AreEqual("publish on sensors/d/state failed: not connected", publisher.LastError);
            Assert.AreEqual((long)payload.Length, publisher.BytesSent, "nothing sent, nothing counted");
        }

        private static FakeClock Clock()
        {
            FakeClock clock = new FakeClock();
            clock.SetUnixTimeMilliseconds(1764151500000);
            return clock;
        }

        private static DeviceStorage Storage(FakeClock clock, int readings, bool timed)
        {
            DeviceStorage storage = new DeviceStorage(new RamFlash(4096, 32));
            storage.Open(WakeCause.PowerOn, clock);
            if (timed)
            {
                Append(storage, clock, readings);
            }
            else
            {
                bool known = clock.IsWallTimeKnown;
                clock.IsWallTimeKnown = false;
                Append(storage, clock, readings);
                clock.IsWallTimeKnown = known;
            }

            return storage;
        }

        private static void Append(DeviceStorage storage, FakeClock clock, int count)
        {
            Reading reading = new Reading(3);
            for (int i = 0; i < count; i++)
            {
                reading.TimeKnown = clock.IsWallTimeKnown;
                reading.UnixTimeMilliseconds = clock.UnixTimeMilliseconds;
                reading.SincePowerOnMilliseconds = reading.TimeKnown ? -1 : clock.SincePowerOnMilliseconds;
                reading.Values[0] = 2000 + i;
                reading.Values[1] = 500;
                reading.Values[2] = 101325;
                reading.ValidMask = 7;
                storage.Log.Append(reading);
                clock.Sleep(300000);
            }

            storage.Log.Sync();
        }

        private static FakeMqttLink Connected(FakeClock clock)
        {
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            mqtt.Connect(new MqttConnectOptions(), 1000);
            return mqtt;
        }

        private static TelemetryDrain Drain(DeviceStorage storage, IMqttLink mqtt, FakeClock clock, int payload, int window)
        {
            ChannelTable channels = new ChannelTable(new ISensor[] { TestPlatform.ClimateSensor() });
            return new TelemetryDrain(storage.Log, storage.Time, mqtt, clock, channels, "d", Topic, new byte[2048], payload, window, 1000);
        }

        private static SessionBudget Budget(FakeClock clock, long milliseconds)
        {
            SessionBudget budget = new SessionBudget(clock);
            budget.Start(milliseconds);
            return budget;
        }

        private static ArrayList ArrayOf(string text)
        {
            ArrayList list = new ArrayList();
            list.Add(text);
            return list;
        }
    }
}
