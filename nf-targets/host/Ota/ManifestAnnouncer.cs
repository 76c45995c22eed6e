using System;
using System.Threading;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Ota
{
    /// <summary>
    /// Announces a manifest as an operator does (`ota announce`): one publish, retained and QoS 1, on a device's or a
    /// group's ota topic, from a client of its own with a clean session; returns once the broker acknowledged it.
    /// </summary>
    public static class ManifestAnnouncer
    {
        public static void Publish(string host, int port, string topic, byte[] manifest, TimeSpan timeout)
        {
            MqttClientFactory factory = new MqttClientFactory();
            using IMqttClient client = factory.CreateMqttClient();
            using CancellationTokenSource limit = new CancellationTokenSource(timeout);
            client.ConnectAsync(factory.CreateClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId("ota-announce-" + Guid.NewGuid().ToString("N").Substring(0, 8)).WithCleanSession(true).Build(), limit.Token).GetAwaiter().GetResult();
            MqttClientPublishResult result = client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(manifest)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build(), limit.Token).GetAwaiter().GetResult();
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"the broker did not take the announce: {result.ReasonCode} {result.ReasonString}");
            }

            client.DisconnectAsync(new MqttClientDisconnectOptions(), limit.Token).GetAwaiter().GetResult();
        }
    }
}
