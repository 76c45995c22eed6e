using Firmware.Device;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using Firmware.Text;
using Firmware.Uplink;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Uplink
{
    /// <summary>
    /// A broker that sends PUBACKs for packet ids nothing waits on, or every PUBACK twice: the drain and the single
    /// publisher never acknowledge a reading without its own PUBACK, and never wait past the session's budget.
    /// </summary>
    [TestClass]
    public class SpuriousPubackTests
    {
        private const string Topic = "sensors/d/telemetry";

        [TestMethod]
        public void DuplicateAndUnknownPubacksReleaseEachBatchOnce()
        {
            FakeClock clock = Clock();
            DeviceStorage storage = Storage(clock, 40);
            FakeMqttLink mqtt = Connected(clock);
            SpuriousAckLink link = new SpuriousAckLink(mqtt);
            link.DuplicateEachAck = true;
            link.UnknownAcks = 3;

            TelemetryDrain drain = Drain(storage, link, clock);
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
            DeviceStorage storage = Storage(clock, 40);
            FakeMqttLink mqtt = Connected(clock);
            mqtt.AcknowledgeLimit = 0;
            SpuriousAckLink link = new SpuriousAckLink(mqtt);
            link.UnknownAcks = 1000000;
            long start = clock.UptimeMilliseconds;

            TelemetryDrain drain = Drain(storage, link, clock);
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
            SpuriousAckLink link = new SpuriousAckLink(mqtt);
            link.UnknownAcks = 1000000;
            AcknowledgedPublisher publisher = new AcknowledgedPublisher(link, clock);
            byte[] payload = Utf8.GetBytes("{}");
            long start = clock.UptimeMilliseconds;

            Assert.IsFalse(publisher.Publish("sensors/d/status", payload, payload.Length, true, 2000));
            Assert.IsTrue(clock.UptimeMilliseconds - start <= 2000 + 100, (clock.UptimeMilliseconds - start).ToString());
        }

        private static FakeClock Clock()
        {
            FakeClock clock = new FakeClock();
            clock.SetUnixTimeMilliseconds(1764151500000);
            return clock;
        }

        private static DeviceStorage Storage(FakeClock clock, int readings)
        {
            DeviceStorage storage = new DeviceStorage(new RamFlash(4096, 32));
            storage.Open(WakeCause.PowerOn, clock);
            Reading reading = new Reading(3);
            for (int i = 0; i < readings; i++)
            {
                reading.TimeKnown = true;
                reading.UnixTimeMilliseconds = clock.UnixTimeMilliseconds;
                reading.SincePowerOnMilliseconds = -1;
                reading.Values[0] = 2000 + i;
                reading.Values[1] = 500;
                reading.Values[2] = 101325;
                reading.ValidMask = 7;
                storage.Log.Append(reading);
                clock.Sleep(300000);
            }

            storage.Log.Sync();
            return storage;
        }

        private static FakeMqttLink Connected(FakeClock clock)
        {
            FakeMqttLink mqtt = new FakeMqttLink(clock);
            mqtt.Connect(new MqttConnectOptions(), 1000);
            return mqtt;
        }

        private static TelemetryDrain Drain(DeviceStorage storage, IMqttLink link, FakeClock clock)
        {
            ChannelTable channels = new ChannelTable(new ISensor[] { TestPlatform.ClimateSensor() });
            return new TelemetryDrain(storage.Log, storage.Time, link, clock, channels, "d", Topic, new byte[2048], 512, 4, 1000);
        }

        private static SessionBudget Budget(FakeClock clock, long milliseconds)
        {
            SessionBudget budget = new SessionBudget(clock);
            budget.Start(milliseconds);
            return budget;
        }
    }
}
