using System;
using System.Text;
using System.Threading;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Tests.Support
{
    /// <summary>Publishes as an operator would (a separate client, QoS 1), for commands to a sleeping device.</summary>
    public static class Publisher
    {
        public static void Publish(int port, string topic, string payload, bool retain)
        {
            MqttClientFactory factory = new MqttClientFactory();
            using IMqttClient client = factory.CreateMqttClient();
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            client.ConnectAsync(factory.CreateClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId("operator-" + Guid.NewGuid().ToString("N").Substring(0, 8)).WithCleanSession(true).Build(), timeout.Token).GetAwaiter().GetResult();
            client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(), timeout.Token).GetAwaiter().GetResult();
            client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
        }
    }
}
