using Firmware.Ports;
using Firmware.Setup;
using Firmware.Text;

namespace Firmware.Device
{
    /// <summary>
    /// The device's side of a setup session. A form becomes the settings JSON the deployed file would hold (wifiSsid,
    /// wifiPassword, brokerHost, brokerPort, tls, caCertificate, userName, password, topicPrefix, deviceId), which the
    /// configuration's own reader checks (<see cref="ConfigurationManager.CheckSettings"/>: <see cref="DeviceConfigReader"/>
    /// and <see cref="DeviceConfig.Validate"/>, the code that checks the deployed file and every document), so the page
    /// says exactly what the configuration would say. An empty optional field clears it (null); an empty CA keeps the
    /// device's. The broker trial connects as the device would, with a clean session that leaves nothing on the broker.
    /// </summary>
    public sealed class DeviceSetupSettings : ISetupSettings
    {
        /// <summary>The settings JSON's room: a CA certificate (4 KiB) and the rest, escaped.</summary>
        public const int MaxSettingsBytes = 8 * 1024;

        private readonly WakeContext _wake;
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly byte[] _json = new byte[MaxSettingsBytes];
        private readonly MqttConnectOptions _options = new MqttConnectOptions();

        public DeviceSetupSettings(WakeContext wake)
        {
            _wake = wake;
        }

        public void Prefill(SetupForm form)
        {
            DeviceConfig config = _wake.Config;
            form.Clear();
            form.Ssid = config.WifiSsid != null ? config.WifiSsid : string.Empty;
            form.OtherSsid = form.Ssid;
            form.BrokerHost = config.BrokerHost;
            form.BrokerPort = config.BrokerPort.ToString();
            form.Tls = config.UseTls;
            form.UserName = config.UserName != null ? config.UserName : string.Empty;
            form.TopicPrefix = config.TopicPrefix;
            form.DeviceName = config.DeviceId;
        }

        public string Check(SetupForm form)
        {
            int length = Write(form);
            if (length < 0)
            {
                return "the settings take more than " + MaxSettingsBytes.ToString() + " bytes";
            }

            return _wake.Configuration.CheckSettings(_json, 0, length) == null ? _wake.Configuration.Error : null;
        }

        public MqttConnectResult TryBroker(SetupForm form)
        {
            int length = Write(form);
            DeviceConfig config = length < 0 ? null : _wake.Configuration.CheckSettings(_json, 0, length);
            if (config == null)
            {
                return MqttConnectResult.InvalidOptions;
            }

            BrokerOptions.Fill(_options, config);
            _options.CleanSession = true;
            _options.KeepAliveSeconds = 60;
            _options.WillTopic = null;
            _options.WillPayload = null;
            IMqttLink mqtt = _wake.Platform.Mqtt;
            MqttConnectResult result = mqtt.Connect(_options, config.MqttTimeoutMilliseconds);
            if (result == MqttConnectResult.Accepted)
            {
                mqtt.Disconnect();
            }

            _options.Password = null;
            _options.ClientKeyPem = null;
            return result;
        }

        public string Store(SetupForm form)
        {
            int length = Write(form);
            ConfigurationManager configuration = _wake.Configuration;
            if (length < 0 || !configuration.StoreSettings(_json, 0, length))
            {
                return length < 0 ? "the settings take more than " + MaxSettingsBytes.ToString() + " bytes" : configuration.Error;
            }

            // New settings have not reached their network yet, and nothing is pending any more.
            _wake.Setup.Requested = false;
            _wake.Setup.Offered = false;
            _wake.Setup.NetworkReached = false;
            _wake.Setup.Save(_wake.Storage.State);
            _wake.Storage.State.Sync();
            return null;
        }

        /// <summary>Writes the form as settings JSON into the scratch buffer; its length, or -1 when it does not fit.</summary>
        private int Write(SetupForm form)
        {
            JsonWriter w = _writer;
            w.Reset(_json, 0, _json.Length);
            w.BeginObject();
            w.Property("wifiSsid", form.NetworkName);
            Optional(w, "wifiPassword", form.WifiPassword);
            w.Property("brokerHost", form.BrokerHost);
            w.Name("brokerPort");
            if (IsWholeNumber(form.BrokerPort))
            {
                w.Number(long.Parse(form.BrokerPort));
            }
            else
            {
                // The reader says what is wrong with it, as it would in the deployed file.
                w.String(form.BrokerPort);
            }

            w.Property("tls", form.Tls);
            if (form.CaCertificate.Length > 0)
            {
                w.Property("caCertificate", form.CaCertificate);
            }

            Optional(w, "userName", form.UserName);
            Optional(w, "password", form.Password);
            w.Property("topicPrefix", form.TopicPrefix);
            w.Property("deviceId", form.DeviceName);
            w.EndObject();
            return w.Overflowed ? -1 : w.Length;
        }

        private static void Optional(JsonWriter w, string name, string value)
        {
            w.Name(name);
            if (value.Length == 0)
            {
                w.Null();
            }
            else
            {
                w.String(value);
            }
        }

        private static bool IsWholeNumber(string text)
        {
            if (text.Length == 0 || text.Length > 9)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
