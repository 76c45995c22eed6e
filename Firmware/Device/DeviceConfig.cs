namespace Firmware.Device
{
    /// <summary>
    /// The device's configuration: compiled defaults, overridden by the deployed configuration file and by
    /// configuration commands. Plain data; <see cref="Validate"/> says what is wrong with it.
    /// </summary>
    public sealed class DeviceConfig
    {
        public DeviceConfig()
        {
            DeviceId = "device";
            TopicPrefix = "sensors";
            BrokerHost = "127.0.0.1";
            BrokerPort = 1883;
            SampleIntervalSeconds = 300;
            NetworkTimeoutMilliseconds = 15000;
            MqttTimeoutMilliseconds = 10000;
            AckTimeoutMilliseconds = 5000;
        }

        /// <summary>Names the device in topics and SenML; 1 to 32 of [A-Za-z0-9_-].</summary>
        public string DeviceId { get; set; }

        /// <summary>First level(s) of every topic; 1 to 64 characters, no wildcards, no leading or trailing '/'.</summary>
        public string TopicPrefix { get; set; }

        public string BrokerHost { get; set; }

        public int BrokerPort { get; set; }

        /// <summary>Seconds between samples, 1 to 86400.</summary>
        public int SampleIntervalSeconds { get; set; }

        public int NetworkTimeoutMilliseconds { get; set; }

        public int MqttTimeoutMilliseconds { get; set; }

        /// <summary>How long to wait for a PUBACK before treating the message as not delivered.</summary>
        public int AckTimeoutMilliseconds { get; set; }

        /// <summary>Null when the configuration is usable, else what is wrong with it.</summary>
        public string Validate()
        {
            if (!IsIdentifier(DeviceId, 32))
            {
                return "deviceId must be 1 to 32 characters of A-Z, a-z, 0-9, '_' or '-'";
            }

            if (!IsTopicPrefix(TopicPrefix))
            {
                return "topicPrefix must be 1 to 64 characters without '+', '#', leading or trailing '/'";
            }

            if (BrokerHost == null || BrokerHost.Length == 0 || BrokerHost.Length > 253)
            {
                return "brokerHost must be a host name or address";
            }

            if (BrokerPort < 1 || BrokerPort > 65535)
            {
                return "brokerPort must be 1 to 65535";
            }

            if (SampleIntervalSeconds < 1 || SampleIntervalSeconds > 86400)
            {
                return "sampleIntervalSeconds must be 1 to 86400";
            }

            if (NetworkTimeoutMilliseconds < 100 || MqttTimeoutMilliseconds < 100 || AckTimeoutMilliseconds < 100)
            {
                return "timeouts must be at least 100 ms";
            }

            return null;
        }

        private static bool IsIdentifier(string text, int maxLength)
        {
            if (text == null || text.Length == 0 || text.Length > maxLength)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsTopicPrefix(string text)
        {
            if (text == null || text.Length == 0 || text.Length > 64 || text[0] == '/' || text[text.Length - 1] == '/')
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '+' || c == '#' || c < 0x20)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
