using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;

namespace Firmware.Uplink
{
    /// <summary>
    /// What a <see cref="IRadioSessionParticipant"/> may use during one radio session: the session's time budget,
    /// the MQTT link through acknowledged publishes, the events topic, the device's storage (OTA slots and state
    /// keys 64-79 are the OTA's), and the power plan's verdict on optional work. One instance per device loop,
    /// refreshed for every session.
    /// </summary>
    public sealed class RadioSessionContext
    {
        private readonly AcknowledgedPublisher _publisher;

        public RadioSessionContext(Platform platform, DeviceStorage storage, Topics topics, SessionBudget budget,
            AcknowledgedPublisher publisher, EventPublisher events, int ackTimeoutMilliseconds)
        {
            Platform = platform;
            Storage = storage;
            Topics = topics;
            Budget = budget;
            _publisher = publisher;
            Events = events;
            AckTimeoutMilliseconds = ackTimeoutMilliseconds;
        }

        /// <summary>The hardware (clock, downloader, log, random).</summary>
        public Platform Platform { get; private set; }

        public DeviceStorage Storage { get; private set; }

        public Topics Topics { get; private set; }

        /// <summary>What is left of the session's radio time: clip every wait with it.</summary>
        public SessionBudget Budget { get; private set; }

        /// <summary>Answers and reports on <c>…/events</c>.</summary>
        public EventPublisher Events { get; private set; }

        /// <summary>The configured wait for one PUBACK.</summary>
        public int AckTimeoutMilliseconds { get; private set; }

        /// <summary>True when the power plan allows optional work (battery not low, target life reachable).</summary>
        public bool OptionalWorkAllowed { get; set; }

        /// <summary>
        /// The battery's state of charge measured at this wake's sample, percent; -1 when the device has no gauge or
        /// the measurement failed (<see cref="Platform"/>'s Battery tells which).
        /// </summary>
        public int BatteryPercent { get; set; }

        /// <summary>True once the broker acknowledged this session's "online" status.</summary>
        public bool Healthy { get; set; }

        /// <summary>True while the network is up (the session got at least that far).</summary>
        public bool NetworkUp
        {
            get { return Platform.Network.IsConnected; }
        }

        /// <summary>True while the MQTT session is up.</summary>
        public bool Connected
        {
            get { return Platform.Mqtt.IsConnected; }
        }

        /// <summary>Set by <see cref="RequestReboot"/>: the wake ends with a reboot instead of a sleep.</summary>
        public bool RebootRequested { get; private set; }

        /// <summary>Why the last <see cref="Publish"/> failed, or null.</summary>
        public string LastError
        {
            get { return _publisher.LastError; }
        }

        /// <summary>Publishes with QoS 1 and waits for the PUBACK within the ack timeout and the budget.</summary>
        public bool Publish(string topic, byte[] payload, int count, bool retain)
        {
            return _publisher.Publish(topic, payload, count, retain, Budget.Clip(AckTimeoutMilliseconds));
        }

        /// <summary>Asks for a reboot at the end of this wake (for example into a verified update on trial).</summary>
        public void RequestReboot()
        {
            RebootRequested = true;
        }

        /// <summary>Starts a new session: forgets the last one's verdicts.</summary>
        public void Reset(bool optionalWorkAllowed, int batteryPercent)
        {
            OptionalWorkAllowed = optionalWorkAllowed;
            BatteryPercent = batteryPercent;
            Healthy = false;
            RebootRequested = false;
        }
    }
}
