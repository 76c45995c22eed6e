using System;
using Firmware.Ports;
using Firmware.Text;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Firmware.Esp32.Adapters
{
    /// <summary>One blocking M2Mqtt connect, run on a worker thread so the caller can give up on it.</summary>
    internal sealed class M2MqttConnectAttempt
    {
        private readonly MqttClient _client;
        private readonly MqttConnectOptions _options;

        public M2MqttConnectAttempt(MqttClient client, MqttConnectOptions options)
        {
            _client = client;
            _options = options;
        }

        public MqttReasonCode Code { get; private set; }

        public string Failure { get; private set; }

        public void Run()
        {
            try
            {
                bool will = _options.WillTopic != null;
                string willMessage = will && _options.WillPayload != null ? Utf8.Decode(_options.WillPayload, 0, _options.WillPayload.Length) : null;
                Code = _client.Connect(
                    _options.ClientId,
                    _options.UserName,
                    _options.Password,
                    _options.WillRetain,
                    _options.WillQos == 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce,
                    will,
                    _options.WillTopic,
                    willMessage,
                    _options.CleanSession,
                    (ushort)_options.KeepAliveSeconds);
            }
            catch (Exception e)
            {
                Failure = e.Message;
            }
        }
    }
}
