using Firmware.Ota;
using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;
using Firmware.Tests.Crypto;
using Firmware.Tests.Fakes;
using Firmware.Text;
using Firmware.Uplink;

namespace Firmware.Tests.Ota
{
    /// <summary>
    /// The OTA participant in the radio session of a battery device, on fakes: the updater's flash and slots of
    /// <see cref="OtaRig"/>, a separate flash for the device's state store, an MQTT link whose publishes are
    /// acknowledged, and a battery gauge. <see cref="Boot"/> builds what one boot builds (a fresh participant and
    /// session context over the same flash), as every battery wake does.
    /// </summary>
    public sealed class OtaParticipantRig
    {
        public OtaParticipantRig()
        {
            Ota = new OtaRig();
            Mqtt = new FakeMqttLink(Ota.Clock);
            Network = new FakeNetwork();
            Network.Available = true;
            Power = new FakePower(Ota.Clock, long.MaxValue);
            Battery = new FakeBattery(2900, 80);
            StateFlash = new RamFlash(4096, 8);
            Topics = new Topics("sensors", "d");
            Settings = new OtaSettings();
            Start(WakeCause.PowerOn);
        }

        public OtaRig Ota { get; private set; }

        public FakeMqttLink Mqtt { get; private set; }

        public FakeNetwork Network { get; private set; }

        public FakePower Power { get; private set; }

        public FakeBattery Battery { get; private set; }

        public RamFlash StateFlash { get; private set; }

        public Topics Topics { get; private set; }

        public OtaSettings Settings { get; private set; }

        public Platform Platform { get; private set; }

        public RadioSessionContext Context { get; private set; }

        public OtaParticipant Participant { get; private set; }

        /// <summary>A new boot over the same flash: the loader decides the slot, then the application builds its participant.</summary>
        public void Boot(WakeCause cause)
        {
            Network.Disconnect();
            Mqtt.Disconnect();
            Ota.Reboot(cause);
            Start(cause);
        }

        /// <summary>The session reaches the network and the broker.</summary>
        public void Connect()
        {
            Network.Connect(1000);
            Mqtt.Connect(new MqttConnectOptions(), 1000);
        }

        /// <summary>A retained announce arrives on the device's ota topic; returns whether the participant took it.</summary>
        public bool Announce(string manifestHex)
        {
            return Deliver(Topics.Ota, Hex.Decode(manifestHex));
        }

        /// <summary>A retained message arrives (the copy a subscription gets).</summary>
        public bool Deliver(string topic, byte[] payload)
        {
            return Deliver(topic, payload, true);
        }

        /// <summary>A message arrives: <paramref name="retained"/> for the copy a subscription gets, false for one published since.</summary>
        public bool Deliver(string topic, byte[] payload, bool retained)
        {
            MqttMessage message = new MqttMessage(2048);
            message.Set(topic, payload, 0, payload.Length, retained);
            return Participant.OnMessage(Context, null, message);
        }

        /// <summary>Every event published so far, one JSON object a line.</summary>
        public string Events()
        {
            string all = string.Empty;
            System.Collections.ArrayList texts = Mqtt.TextsOn(Topics.Events);
            for (int i = 0; i < texts.Count; i++)
            {
                all = all + (string)texts[i] + "\n";
            }

            return all;
        }

        /// <summary>How many published events contain <paramref name="text"/>.</summary>
        public int EventsWith(string text)
        {
            int count = 0;
            System.Collections.ArrayList texts = Mqtt.TextsOn(Topics.Events);
            for (int i = 0; i < texts.Count; i++)
            {
                if (Ordinal.IndexOf(((string)texts[i]), text) >= 0)
                {
                    count++;
                }
            }

            return count;
        }

        private void Start(WakeCause cause)
        {
            Power.Reset();
            Power.WakeCause = cause;
            Platform = new Platform();
            Platform.Clock = Ota.Clock;
            Platform.Network = Network;
            Platform.Mqtt = Mqtt;
            Platform.Power = Power;
            Platform.Log = Ota.Log;
            Platform.Battery = Battery;
            Platform.Slots = Ota.Slots;
            Platform.Downloader = Ota.Downloader;
            DeviceStorage storage = new DeviceStorage(StateFlash);
            storage.Open(cause, Ota.Clock);
            SessionBudget budget = new SessionBudget(Ota.Clock);
            budget.Start(30000);
            AcknowledgedPublisher publisher = new AcknowledgedPublisher(Mqtt, Ota.Clock);
            EventPublisher events = new EventPublisher(publisher, Topics.Events, new byte[2048]);
            Context = new RadioSessionContext(Platform, storage, Topics, budget, publisher, events, 5000);
            Context.Reset(true, Battery.Percent);
            Participant = new OtaParticipant(Platform, Settings);
        }
    }
}
