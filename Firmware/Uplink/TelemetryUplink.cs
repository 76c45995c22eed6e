using Firmware.Device;
using Firmware.Ports;
using Firmware.Text;

namespace Firmware.Uplink
{
    /// <summary>
    /// Opens the network and the MQTT session on demand and publishes readings with QoS 1, reporting a
    /// reading delivered only when its PUBACK arrived. Announces itself with a retained status and leaves
    /// a retained "offline" last will for the broker to publish if the device vanishes.
    /// </summary>
    public sealed class TelemetryUplink
    {
        private const int PayloadCapacity = 1024;

        private readonly Platform _platform;
        private readonly DeviceConfig _config;
        private readonly Topics _topics;
        private readonly string _firmwareVersion;
        private readonly SenmlEncoder _encoder;
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly byte[] _payload = new byte[PayloadCapacity];
        private readonly MqttConnectOptions _options = new MqttConnectOptions();

        public TelemetryUplink(Platform platform, DeviceConfig config, ChannelTable channels, string firmwareVersion)
        {
            _platform = platform;
            _config = config;
            _firmwareVersion = firmwareVersion;
            _topics = new Topics(config.TopicPrefix, config.DeviceId);
            _encoder = new SenmlEncoder(channels, config.DeviceId + "/");

            _options.Host = config.BrokerHost;
            _options.Port = config.BrokerPort;
            _options.ClientId = config.DeviceId;
            _options.CleanSession = false;
            _options.WillTopic = _topics.Status;
            _options.WillPayload = Utf8.GetBytes("{\"state\":\"offline\"}");
            _options.WillRetain = true;
            _options.WillQos = 1;
        }

        public Topics Topics
        {
            get { return _topics; }
        }

        /// <summary>Why the last connect or send failed, or null.</summary>
        public string LastError { get; private set; }

        public bool IsConnected
        {
            get { return _platform.Network.IsConnected && _platform.Mqtt.IsConnected; }
        }

        /// <summary>Brings up the network and the MQTT session if they are not up; false with <see cref="LastError"/>.</summary>
        public bool Connect()
        {
            if (IsConnected)
            {
                return true;
            }

            if (!_platform.Network.IsConnected && !_platform.Network.Connect(_config.NetworkTimeoutMilliseconds))
            {
                return Failed("network: " + _platform.Network.LastError);
            }

            MqttConnectResult result = _platform.Mqtt.Connect(_options, _config.MqttTimeoutMilliseconds);
            if (result != MqttConnectResult.Accepted)
            {
                return Failed("mqtt connect refused (" + ((int)result).ToString() + "): " + _platform.Mqtt.LastError);
            }

            if (!PublishStatus("online"))
            {
                return false;
            }

            LastError = null;
            return true;
        }

        /// <summary>Publishes one reading as a SenML pack; true once the broker acknowledged it.</summary>
        public bool Send(Reading reading)
        {
            _writer.Reset(_payload, 0, _payload.Length);
            _encoder.Begin(_writer);
            if (!_encoder.Append(_writer, reading) || !_encoder.End(_writer))
            {
                return Failed("reading does not fit in a " + PayloadCapacity.ToString() + "-byte payload");
            }

            return PublishAcknowledged(_topics.Telemetry, _payload, _writer.Length, false);
        }

        /// <summary>Says goodbye with a retained status (a clean disconnect does not fire the will) and closes.</summary>
        public void Close()
        {
            if (IsConnected)
            {
                PublishStatus("offline");
                _platform.Mqtt.Disconnect();
            }
        }

        private bool PublishStatus(string state)
        {
            _writer.Reset(_payload, 0, _payload.Length);
            _writer.BeginObject();
            _writer.Property("state", state);
            _writer.Property("fw", _firmwareVersion);
            _writer.EndObject();
            return PublishAcknowledged(_topics.Status, _payload, _writer.Length, true);
        }

        /// <summary>Publishes with QoS 1 and waits for the PUBACK; false with <see cref="LastError"/> when none came in time.</summary>
        public bool PublishAcknowledged(string topic, byte[] payload, int count, bool retain)
        {
            int token = _platform.Mqtt.Publish(topic, payload, 0, count, 1, retain);
            if (token <= 0)
            {
                return Failed("publish failed: " + _platform.Mqtt.LastError);
            }

            long deadline = _platform.Clock.UptimeMilliseconds + _config.AckTimeoutMilliseconds;
            while (true)
            {
                long left = deadline - _platform.Clock.UptimeMilliseconds;
                if (left <= 0 || !_platform.Mqtt.IsConnected)
                {
                    return Failed("no PUBACK for a message on " + topic);
                }

                int acked = _platform.Mqtt.WaitForAcknowledgement((int)left);
                if (acked == token)
                {
                    return true;
                }
            }
        }

        private bool Failed(string message)
        {
            LastError = message;
            return false;
        }
    }
}
