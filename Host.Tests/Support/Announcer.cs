using System;
using System.Threading;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Tests.Support
{
    /// <summary>Publishes retained announces as an operator's tool would (QoS 1, retained on the device's ota topic).</summary>
    public sealed class Announcer : IDisposable
    {
        private readonly IMqttClient _client;

        private Announcer(IMqttClient client)
        {
            _client = client;
        }

        public static Announcer Start(int port)
        {
            MqttClientFactory factory = new MqttClientFactory();
            IMqttClient client = factory.CreateMqttClient();
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            client.ConnectAsync(factory.CreateClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId("operator-" + Guid.NewGuid().ToString("N").Substring(0, 8)).WithCleanSession(true).Build(), timeout.Token).GetAwaiter().GetResult();
            return new Announcer(client);
        }

        public void PublishRetained(string topic, byte[] payload)
        {
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build(), timeout.Token).GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
            _client.Dispose();
        }
    }
}
