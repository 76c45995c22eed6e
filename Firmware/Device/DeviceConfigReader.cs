using System.Collections;
using Firmware.Text;

namespace Firmware.Device
{
    /// <summary>
    /// Reads a configuration JSON object (the deployed configuration file, or a configuration document from
    /// the broker) onto a copy of a <see cref="DeviceConfig"/>. All or nothing: malformed JSON, an unknown or
    /// repeated key, a wrong type or an invalid value rejects the whole document with a specific message, and
    /// the original configuration stays as it was. A document from the broker (<see cref="ApplyDocument"/>)
    /// must carry a "version", may name its "device", and may not set what only the deployed file sets.
    /// </summary>
    public sealed class DeviceConfigReader
    {
        private readonly JsonReader _reader = new JsonReader(8);
        private readonly ArrayList _keys = new ArrayList();
        private bool _document;

        /// <summary>Why the last apply failed, or null.</summary>
        public string Error { get; private set; }

        /// <summary>The document's "version" (1 to 4294967295), or -1 when it had none.</summary>
        public long Version { get; private set; }

        /// <summary>The document's "device", or null when it named none.</summary>
        public string TargetDevice { get; private set; }

        /// <summary>Keys the last document set (besides "version" and "device"), in order.</summary>
        public ArrayList Keys
        {
            get { return _keys; }
        }

        /// <summary>
        /// The deployed configuration file: returns <paramref name="current"/> with the file's keys applied, or null
        /// when it was rejected (see <see cref="Error"/>).
        /// </summary>
        public DeviceConfig Apply(DeviceConfig current, byte[] json, int offset, int count)
        {
            _document = false;
            return Read(current, json, offset, count);
        }

        /// <summary>
        /// A configuration document from the broker: like <see cref="Apply"/>, and it must have a "version"; deviceId
        /// and topicPrefix cannot be set this way.
        /// </summary>
        public DeviceConfig ApplyDocument(DeviceConfig current, byte[] json, int offset, int count)
        {
            _document = true;
            DeviceConfig next = Read(current, json, offset, count);
            if (next != null && Version < 0)
            {
                return Reject("a configuration document needs a \"version\" (a whole number from 1)");
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
            copy.PowerMode = source.PowerMode;
            copy.BoardProfile = source.BoardProfile;
            copy.RadioIntervalSeconds = source.RadioIntervalSeconds;
            copy.MaxRadioIntervalSeconds = source.MaxRadioIntervalSeconds;
            copy.MainsTelemetryIntervalSeconds = source.MainsTelemetryIntervalSeconds;
            copy.TargetLifeDays = source.TargetLifeDays;
            copy.BatteryCapacityMilliampHours = source.BatteryCapacityMilliampHours;
            copy.LogFillPercent = source.LogFillPercent;
            copy.AlarmChannel = source.AlarmChannel;
            copy.AlarmBelowCenti = source.AlarmBelowCenti;
            copy.AlarmAboveCenti = source.AlarmAboveCenti;
            copy.MaxPayloadBytes = source.MaxPayloadBytes;
            copy.BatchesInFlight = source.BatchesInFlight;
            copy.SessionBudgetSeconds = source.SessionBudgetSeconds;
            copy.WakeCapSeconds = source.WakeCapSeconds;
            copy.BackoffBaseSeconds = source.BackoffBaseSeconds;
            copy.BackoffCapSeconds = source.BackoffCapSeconds;
            copy.CommandWaitMilliseconds = source.CommandWaitMilliseconds;
            copy.UseTls = source.UseTls;
            copy.CaCertificate = source.CaCertificate;
            copy.ClientCertificate = source.ClientCertificate;
            copy.ClientKey = source.ClientKey;
            copy.UserName = source.UserName;
            copy.Password = source.Password;
            copy.WifiSsid = source.WifiSsid;
            copy.WifiPassword = source.WifiPassword;
            copy.OtaGroupTopic = source.OtaGroupTopic;
            copy.Discovery = source.Discovery;
            copy.DiscoveryPrefix = source.DiscoveryPrefix;
            copy.DeviceName = source.DeviceName;
            copy.ConfigurationUrl = source.ConfigurationUrl;
            return copy;
        }

        /// <summary>
        /// The connectivity settings that differ between two configurations (Wi-Fi, broker, credentials, TLS), as a
        /// comma-separated list of keys, or null when they connect the same way. Such a change is applied on trial.
        /// </summary>
        public static string ConnectivityChanges(DeviceConfig from, DeviceConfig to)
        {
            string changed = null;
            changed = Note(changed, "brokerHost", from.BrokerHost != to.BrokerHost);
            changed = Note(changed, "brokerPort", from.BrokerPort != to.BrokerPort);
            changed = Note(changed, "tls", from.UseTls != to.UseTls);
            changed = Note(changed, "caCertificate", from.CaCertificate != to.CaCertificate);
            changed = Note(changed, "clientCertificate", from.ClientCertificate != to.ClientCertificate);
            changed = Note(changed, "clientKey", from.ClientKey != to.ClientKey);
            changed = Note(changed, "userName", from.UserName != to.UserName);
            changed = Note(changed, "password", from.Password != to.Password);
            changed = Note(changed, "wifiSsid", from.WifiSsid != to.WifiSsid);
            changed = Note(changed, "wifiPassword", from.WifiPassword != to.WifiPassword);
            return changed;
        }

        private static string Note(string list, string key, bool changed)
        {
            if (!changed)
            {
                return list;
            }

            return list == null ? key : list + ", " + key;
        }

        private DeviceConfig Read(DeviceConfig current, byte[] json, int offset, int count)
        {
            Error = null;
            Version = -1;
            TargetDevice = null;
            _keys.Clear();
            DeviceConfig next = Copy(current);
            _reader.Reset(json, offset, count);
            if (!_reader.Read() || _reader.Token != JsonToken.StartObject)
            {
                return Reject(_reader.Error != null ? "configuration is not valid JSON: " + _reader.Error : "configuration must be a JSON object");
            }

            while (_reader.Read())
            {
                if (_reader.Token == JsonToken.EndObject && _reader.Depth == 0)
                {
                    break;
                }

                string key = _reader.GetString();
                if (_keys.Contains(key) || (key == "version" && Version >= 0) || (key == "device" && TargetDevice != null))
                {
                    return Reject("configuration key '" + key + "' appears more than once");
                }

                if (!_reader.Read())
                {
                    return Reject("configuration is not valid JSON: " + _reader.Error);
                }

                string problem = ApplyKey(next, key);
                if (problem != null)
                {
                    return Reject(problem);
                }
            }

            if (_reader.Token == JsonToken.Invalid)
            {
                return Reject("configuration is not valid JSON: " + _reader.Error);
            }

            _reader.Read();
            if (_reader.Token != JsonToken.EndOfInput)
            {
                return Reject(_reader.Error != null ? "configuration is not valid JSON: " + _reader.Error : "unexpected data after the configuration");
            }

            string invalid = next.Validate();
            if (invalid != null)
            {
                return Reject(invalid);
            }

            return next;
        }

        private string ApplyKey(DeviceConfig config, string key)
        {
            if (key == "version" || key == "device")
            {
                return ApplyEnvelope(key);
            }

            if (_document && (key == "deviceId" || key == "topicPrefix"))
            {
                return key + " can only be set in the deployed configuration file";
            }

            _keys.Add(key);
            switch (key)
            {
                case "deviceId":
                case "topicPrefix":
                case "brokerHost":
                case "powerMode":
                case "boardProfile":
                case "alarmChannel":
                case "discoveryPrefix":
                    return ApplyString(config, key);
                case "caCertificate":
                case "clientCertificate":
                case "clientKey":
                case "userName":
                case "password":
                case "wifiSsid":
                case "wifiPassword":
                case "otaGroupTopic":
                case "deviceName":
                case "configurationUrl":
                    return ApplyOptionalString(config, key);
                case "alarmBelow":
                case "alarmAbove":
                    return ApplyLimit(config, key);
                case "tls":
                    if (_reader.Token != JsonToken.True && _reader.Token != JsonToken.False)
                    {
                        return "tls must be true or false, not " + Describe();
                    }

                    config.UseTls = _reader.Token == JsonToken.True;
                    return null;
                case "discovery":
                    if (_reader.Token != JsonToken.True && _reader.Token != JsonToken.False)
                    {
                        return "discovery must be true or false, not " + Describe();
                    }

                    config.Discovery = _reader.Token == JsonToken.True;
                    return null;
                default:
                    return ApplyNumber(config, key);
            }
        }

        private string ApplyEnvelope(string key)
        {
            if (!_document)
            {
                return key + " belongs in a configuration document from the broker, not in the deployed file";
            }

            if (key == "device")
            {
                if (_reader.Token != JsonToken.String)
                {
                    return "device must be a string (the device's id), not " + Describe();
                }

                TargetDevice = _reader.GetString();
                return null;
            }

            long version;
            if (_reader.Token != JsonToken.Number || !_reader.TryGetInt64(out version) || version < 1 || version > 0xFFFFFFFFL)
            {
                return "version must be a whole number from 1 to 4294967295, not " + Describe();
            }

            Version = version;
            return null;
        }

        private string ApplyString(DeviceConfig config, string key)
        {
            if (_reader.Token != JsonToken.String)
            {
                return key + " must be a string, not " + JsonTokenText.Describe(_reader.Token);
            }

            string value = _reader.GetString();
            switch (key)
            {
                case "deviceId":
                    config.DeviceId = value;
                    break;
                case "topicPrefix":
                    config.TopicPrefix = value;
                    break;
                case "brokerHost":
                    config.BrokerHost = value;
                    break;
                case "powerMode":
                    config.PowerMode = value;
                    break;
                case "boardProfile":
                    config.BoardProfile = value;
                    break;
                case "discoveryPrefix":
                    config.DiscoveryPrefix = value;
                    break;
                default:
                    config.AlarmChannel = value;
                    break;
            }

            return null;
        }

        private string ApplyOptionalString(DeviceConfig config, string key)
        {
            if (_reader.Token != JsonToken.String && _reader.Token != JsonToken.Null)
            {
                return key + " must be a string or null, not " + JsonTokenText.Describe(_reader.Token);
            }

            string value = _reader.Token == JsonToken.Null ? null : _reader.GetString();
            switch (key)
            {
                case "caCertificate":
                    config.CaCertificate = value;
                    break;
                case "clientCertificate":
                    config.ClientCertificate = value;
                    break;
                case "clientKey":
                    config.ClientKey = value;
                    break;
                case "userName":
                    config.UserName = value;
                    break;
                case "password":
                    config.Password = value;
                    break;
                case "wifiSsid":
                    config.WifiSsid = value;
                    break;
                case "otaGroupTopic":
                    config.OtaGroupTopic = value;
                    break;
                case "deviceName":
                    config.DeviceName = value;
                    break;
                case "configurationUrl":
                    config.ConfigurationUrl = value;
                    break;
                default:
                    config.WifiPassword = value;
                    break;
            }

            return null;
        }

        private string ApplyLimit(DeviceConfig config, string key)
        {
            long centi = DeviceConfig.NoLimit;
            if (_reader.Token != JsonToken.Null)
            {
                if (_reader.Token != JsonToken.Number)
                {
                    return key + " must be a number (in the channel's unit) or null, not " + Describe();
                }

                if (!_reader.TryGetFixed(-2, out centi) || centi < -100000000 || centi > 100000000)
                {
                    return key + " must be a number from -1000000 to 1000000 with at most two decimals";
                }
            }

            if (key == "alarmBelow")
            {
                config.AlarmBelowCenti = (int)centi;
            }
            else
            {
                config.AlarmAboveCenti = (int)centi;
            }

            return null;
        }

        private string ApplyNumber(DeviceConfig config, string key)
        {
            bool known = true;
            long wide;
            bool whole = _reader.Token == JsonToken.Number && _reader.TryGetInt64(out wide) && wide >= int.MinValue && wide <= int.MaxValue;
            int value = whole && _reader.TryGetInt64(out wide) ? (int)wide : 0;
            switch (key)
            {
                case "brokerPort": config.BrokerPort = value; break;
                case "sampleIntervalSeconds": config.SampleIntervalSeconds = value; break;
                case "networkTimeoutMilliseconds": config.NetworkTimeoutMilliseconds = value; break;
                case "mqttTimeoutMilliseconds": config.MqttTimeoutMilliseconds = value; break;
                case "ackTimeoutMilliseconds": config.AckTimeoutMilliseconds = value; break;
                case "radioIntervalSeconds": config.RadioIntervalSeconds = value; break;
                case "maxRadioIntervalSeconds": config.MaxRadioIntervalSeconds = value; break;
                case "mainsTelemetryIntervalSeconds": config.MainsTelemetryIntervalSeconds = value; break;
                case "targetLifeDays": config.TargetLifeDays = value; break;
                case "batteryCapacityMah": config.BatteryCapacityMilliampHours = value; break;
                case "logFillPercent": config.LogFillPercent = value; break;
                case "maxPayloadBytes": config.MaxPayloadBytes = value; break;
                case "batchesInFlight": config.BatchesInFlight = value; break;
                case "sessionBudgetSeconds": config.SessionBudgetSeconds = value; break;
                case "wakeCapSeconds": config.WakeCapSeconds = value; break;
                case "backoffBaseSeconds": config.BackoffBaseSeconds = value; break;
                case "backoffCapSeconds": config.BackoffCapSeconds = value; break;
                case "commandWaitMilliseconds": config.CommandWaitMilliseconds = value; break;
                default: known = false; break;
            }

            if (!known)
            {
                _keys.Remove(key);
                return "unknown configuration key '" + Firmware.Uplink.OneShotCommand.Shorten(key) + "' (the keys are listed in docs/uplink.md)";
            }

            if (!whole)
            {
                return key + " must be a whole number, not " + Describe();
            }

            return null;
        }

        private string Describe()
        {
            // A number refused where a number is expected is a fraction or out of range.
            return _reader.Token == JsonToken.Number ? "a fraction or a number out of range" : JsonTokenText.Describe(_reader.Token);
        }

        private DeviceConfig Reject(string message)
        {
            Error = message;
            return null;
        }
    }
}
