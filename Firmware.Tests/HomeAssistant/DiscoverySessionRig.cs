using Firmware.HomeAssistant;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using Firmware.Uplink;

namespace Firmware.Tests.HomeAssistant
{
    /// <summary>
    /// A radio session that reached a broker (an MQTT link of fakes, connected, acknowledging), a state store on flash in
    /// RAM, and a <see cref="DiscoveryPublisher"/> with the record the state store holds; <see cref="NextBoot"/> builds
    /// them again over the same flash and link, as a device's next wake does.
    /// </summary>
    public sealed class DiscoverySessionRig
    {
        public DiscoverySessionRig()
        {
            Board = new FakeBoard("kitchen");
            Board.Clock.SetUnixTimeMilliseconds(FakeBoard.WorldStart);
            Flash = new RamFlash(4096, 32);
            Board.Mqtt.Connect(new MqttConnectOptions(), 1000);
            NextBoot();
        }

        public FakeBoard Board { get; private set; }

        public RamFlash Flash { get; private set; }

        public FakeMqttLink Mqtt
        {
            get { return Board.Mqtt; }
        }

        public DeviceStorage Storage { get; private set; }

        public RadioSessionContext Context { get; private set; }

        public DiscoveryPublisher Publisher { get; private set; }

        /// <summary>A new boot: storage mounted afresh, the record loaded, a new session's context and publisher.</summary>
        public void NextBoot()
        {
            Storage = new DeviceStorage(Flash);
            Storage.State.Mount();
            DiscoveryRecord record = new DiscoveryRecord();
            record.Load(Storage.State);
            byte[] buffer = new byte[8192];
            SessionBudget budget = new SessionBudget(Board.Clock);
            budget.Start(30000);
            AcknowledgedPublisher publisher = new AcknowledgedPublisher(Mqtt, Board.Clock);
            Topics topics = new Topics("sensors", "kitchen");
            Context = new RadioSessionContext(Board.Platform, Storage, topics, budget, publisher, new EventPublisher(publisher, topics.Events, buffer), 5000);
            Publisher = new DiscoveryPublisher(record, buffer);
        }

        /// <summary>Messages published since the start, as "topic=payload" lines (payloads of 40 characters at most), for failure messages.</summary>
        public string Log()
        {
            string log = string.Empty;
            for (int i = 0; i < Mqtt.PublishedCount; i++)
            {
                PublishedMessage m = Mqtt.GetPublished(i);
                string text = m.Text;
                log += m.Topic + "=" + (text.Length > 40 ? text.Substring(0, 40) : text) + (m.Retain ? " (retained)" : string.Empty) + "\n";
            }

            return log;
        }

        /// <summary>How many messages were published on <paramref name="topic"/>, and the last one's payload (null when none).</summary>
        public int CountOn(string topic, out string last)
        {
            last = null;
            int count = 0;
            for (int i = 0; i < Mqtt.PublishedCount; i++)
            {
                PublishedMessage m = Mqtt.GetPublished(i);
                if (m.Topic == topic)
                {
                    count++;
                    last = m.Text;
                }
            }

            return count;
        }
    }
}
