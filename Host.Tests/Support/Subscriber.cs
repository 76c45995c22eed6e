using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Tests.Support
{
    /// <summary>An independent MQTT subscriber, started before the device, that records what a receiver gets.</summary>
    public sealed class Subscriber : IDisposable
    {
        private readonly IMqttClient _client;
        private readonly List<(string Topic, byte[] Payload, bool Retained)> _messages = new List<(string, byte[], bool)>();

        private Subscriber(IMqttClient client)
        {
            _client = client;
        }

        /// <summary>Subscribes to <paramref name="topicFilter"/> at the loopback broker on <paramref name="port"/>, logged in when a user name is given.</summary>
        public static Subscriber Start(int port, string topicFilter, string userName = null, string password = null)
        {
            MqttClientFactory factory = new MqttClientFactory();
            IMqttClient client = factory.CreateMqttClient();
            Subscriber subscriber = new Subscriber(client);
            client.ApplicationMessageReceivedAsync += e =>
            {
                lock (subscriber._messages)
                {
                    subscriber._messages.Add((e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain));
                }

                return Task.CompletedTask;
            };
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            client.ConnectAsync(factory.CreateClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId("judge-" + Guid.NewGuid().ToString("N").Substring(0, 8)).WithCleanSession(true)
                .WithCredentials(userName, password).Build(), timeout.Token).GetAwaiter().GetResult();
            client.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token)
                .GetAwaiter().GetResult();
            return subscriber;
        }

        public IReadOnlyList<(string Topic, byte[] Payload, bool Retained)> Messages
        {
            get
            {
                lock (_messages)
                {
                    return _messages.ToArray();
                }
            }
        }

        public void Dispose()
        {
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
            _client.Dispose();
        }
    }
}
