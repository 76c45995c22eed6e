using Firmware.Text;

namespace Firmware.Device
{
    /// <summary>
    /// Reads a configuration JSON object (the deployed configuration file, or a configuration command)
    /// onto a copy of a <see cref="DeviceConfig"/>. All or nothing: any malformed JSON, unknown key, wrong
    /// type or invalid value rejects the whole document with a specific message, and the original
    /// configuration stays as it was.
    /// </summary>
    public sealed class DeviceConfigReader
    {
        private readonly JsonReader _reader = new JsonReader(8);

        /// <summary>Why the last <see cref="Apply"/> failed, or null.</summary>
        public string Error { get; private set; }

        /// <summary>
        /// Returns a new configuration: <paramref name="current"/> with the document's keys applied, or null
        /// when the document was rejected (see <see cref="Error"/>).
        /// </summary>
        public DeviceConfig Apply(DeviceConfig current, byte[] json, int offset, int count)
        {
            Error = null;
            DeviceConfig next = Copy(current);
            _reader.Reset(json, offset, count);
            if (!_reader.Read() || _reader.Token != JsonToken.StartObject)
            {
                return Reject(_reader.Error != null ? _reader.Error : "configuration must be a JSON object");
            }

            while (_reader.Read())
            {
                if (_reader.Token == JsonToken.EndObject && _reader.Depth == 0)
                {
                    break;
                }

                string key = _reader.GetString();
                if (!_reader.Read())
                {
                    return Reject(_reader.Error);
                }

                string problem = ApplyKey(next, key);
                if (problem != null)
                {
                    return Reject(problem);
                }
            }

            if (_reader.Token == JsonToken.Invalid)
            {
                return Reject(_reader.Error);
            }

            _reader.Read();
            if (_reader.Token != JsonToken.EndOfInput)
            {
                return Reject(_reader.Error != null ? _reader.Error : "unexpected data after the configuration");
            }

            string invalid = next.Validate();
            if (invalid != null)
            {
                return Reject(invalid);
            }

            return next;
        }

        /// <summary>A field-by-field copy.</summary>
        public static DeviceConfig Copy(DeviceConfig source)
        {
            DeviceConfig copy = new DeviceConfig();
            copy.DeviceId = source.DeviceId;
            copy.TopicPrefix = source.TopicPrefix;
            copy.BrokerHost = source.BrokerHost;
            copy.BrokerPort = source.BrokerPort;
            copy.SampleIntervalSeconds = source.SampleIntervalSeconds;
            copy.NetworkTimeoutMilliseconds = source.NetworkTimeoutMilliseconds;
            copy.MqttTimeoutMilliseconds = source.MqttTimeoutMilliseconds;
            copy.AckTimeoutMilliseconds = source.AckTimeoutMilliseconds;
            return copy;
        }

        private string ApplyKey(DeviceConfig config, string key)
        {
            string text;
            int number;
            string problem;
            if (key == "deviceId")
            {
                problem = ReadString(key, out text);
                if (problem == null)
                {
                    config.DeviceId = text;
                }

                return problem;
            }

            if (key == "topicPrefix")
            {
                problem = ReadString(key, out text);
                if (problem == null)
                {
                    config.TopicPrefix = text;
                }

                return problem;
            }

            if (key == "brokerHost")
            {
                problem = ReadString(key, out text);
                if (problem == null)
                {
                    config.BrokerHost = text;
                }

                return problem;
            }

            if (key == "brokerPort")
            {
                problem = ReadInt(key, out number);
                if (problem == null)
                {
                    config.BrokerPort = number;
                }

                return problem;
            }

            if (key == "sampleIntervalSeconds")
            {
                problem = ReadInt(key, out number);
                if (problem == null)
                {
                    config.SampleIntervalSeconds = number;
                }

                return problem;
            }

            return "unknown configuration key '" + key + "'";
        }

        private string ReadString(string key, out string value)
        {
            value = null;
            if (_reader.Token != JsonToken.String)
            {
                return key + " must be a string";
            }

            value = _reader.GetString();
            return null;
        }

        private string ReadInt(string key, out int value)
        {
            value = 0;
            long wide;
            if (_reader.Token != JsonToken.Number || !_reader.TryGetInt64(out wide) || wide < int.MinValue || wide > int.MaxValue)
            {
                return key + " must be a whole number";
            }

            value = (int)wide;
            return null;
        }

        private DeviceConfig Reject(string message)
        {
            Error = message;
            return null;
        }
    }
}
