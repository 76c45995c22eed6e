using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Tests.HomeAssistant
{
    /// <summary>
    /// An independent MQTT client that reads a device the way Home Assistant's MQTT integration does: it takes the
    /// retained device discovery on &lt;prefix&gt;/device/&lt;id&gt;/config (an empty one removes the device), expands its
    /// abbreviations, gives every component the root's shared options, and renders each entity's state from the last
    /// message on the topics the discovery names, with the discovery's own templates in Jinja2
    /// (<see cref="JinjaRenderer"/>); it sends commands as an entity does: the command template rendered on the value,
    /// published on the command topic with the entity's QoS, not retained. It hears every topic of the broker and reads
    /// only those a discovery names.
    /// </summary>
    public sealed class HomeAssistantJudge : IDisposable
    {
        private readonly IMqttClient _client;
        private readonly MqttClientFactory _factory = new MqttClientFactory();
        private readonly JinjaRenderer _renderer;
        private readonly string _prefix;
        private readonly Dictionary<string, string> _last = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly List<(string Topic, string Payload)> _discoveries = new List<(string, string)>();

        private HomeAssistantJudge(IMqttClient client, JinjaRenderer renderer, string prefix)
        {
            _client = client;
            _renderer = renderer;
            _prefix = prefix;
        }

        public static HomeAssistantJudge Start(int port, string discoveryPrefix, JinjaRenderer renderer)
        {
            MqttClientFactory factory = new MqttClientFactory();
            IMqttClient client = factory.CreateMqttClient();
            HomeAssistantJudge judge = new HomeAssistantJudge(client, renderer, discoveryPrefix);
            client.ApplicationMessageReceivedAsync += e =>
            {
                judge.Receive(e.ApplicationMessage.Topic, Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            };
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            client.ConnectAsync(factory.CreateClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId("home-assistant-" + Guid.NewGuid().ToString("N").Substring(0, 8)).WithCleanSession(true).Build(), timeout.Token).GetAwaiter().GetResult();
            client.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter("#", MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token)
                .GetAwaiter().GetResult();
            return judge;
        }

        /// <summary>Where a device's discovery is: &lt;prefix&gt;/device/&lt;id&gt;/config.</summary>
        public string DiscoveryTopic(string deviceId) => $"{_prefix}/device/{deviceId}/config";

        /// <summary>Every discovery message received for the device, in order (an empty one removes it).</summary>
        public IReadOnlyList<string> Discoveries(string deviceId)
        {
            lock (_last)
            {
                return _discoveries.Where(d => d.Topic == DiscoveryTopic(deviceId)).Select(d => d.Payload).ToList();
            }
        }

        /// <summary>The device as Home Assistant holds it now: its last discovery, expanded; null when it has none or it was removed.</summary>
        public JsonObject Device(string deviceId)
        {
            string payload = Last(DiscoveryTopic(deviceId));
            return string.IsNullOrEmpty(payload) ? null : HomeAssistantSchema.Expand(JsonNode.Parse(payload).AsObject());
        }

        public bool WaitFor(Func<bool> condition, TimeSpan timeout) => SpinWait.SpinUntil(condition, timeout);

        /// <summary>The last payload on a topic, or null.</summary>
        public string Last(string topic)
        {
            lock (_last)
            {
                return _last.TryGetValue(topic, out string payload) ? payload : null;
            }
        }

        /// <summary>A component's options as its entity has them: its own and the root's shared ones.</summary>
        public JsonObject Entity(string deviceId, string componentId)
        {
            JsonObject device = Device(deviceId) ?? throw new InvalidOperationException($"Home Assistant has no device '{deviceId}'");
            JsonObject component = device["components"]?[componentId] as JsonObject ?? throw new InvalidOperationException($"device '{deviceId}' has no component '{componentId}'");
            return HomeAssistantSchema.Merged(device, component);
        }

        /// <summary>
        /// An entity's value: the component's <paramref name="template"/> rendered on the last message of its
        /// <paramref name="topic"/> option (a template it lacks passes the payload through, as Home Assistant's do); null
        /// before any message, "None" for a value the payload lacks.
        /// </summary>
        public string Render(string deviceId, string componentId, string topic, string template)
        {
            JsonObject entity = Entity(deviceId, componentId);
            string payload = Last((string)entity[topic] ?? throw new InvalidOperationException($"'{componentId}' has no {topic}"));
            if (payload == null)
            {
                return null;
            }

            string text = (string)entity[template];
            return text == null ? payload : _renderer.RenderValue(text, payload);
        }

        /// <summary>A sensor's or an update's state: its value template on its state topic.</summary>
        public string State(string deviceId, string componentId) => Render(deviceId, componentId, "state_topic", "value_template");

        /// <summary>
        /// Whether the device's entities are available: with an availability topic, its template on its last message
        /// compared with payload_available and payload_not_available (null until one of them comes); without, always.
        /// </summary>
        public bool? Available(string deviceId, string componentId)
        {
            JsonObject entity = Entity(deviceId, componentId);
            if (entity["availability_topic"] == null)
            {
                return true;
            }

            string payload = Last((string)entity["availability_topic"]);
            if (payload == null)
            {
                return null;
            }

            string rendered = entity["availability_template"] == null ? payload : _renderer.RenderValue((string)entity["availability_template"], payload);
            string available = (string)entity["payload_available"] ?? "online";
            string notAvailable = (string)entity["payload_not_available"] ?? "offline";
            return rendered == available ? true : rendered == notAvailable ? false : null;
        }

        /// <summary>
        /// What the entity does when a user sets <paramref name="value"/>: renders <paramref name="template"/> on it and
        /// publishes the result on <paramref name="topic"/> with the entity's QoS and retain flag (0 and false unless set).
        /// Returns the payload sent.
        /// </summary>
        public string Send(string deviceId, string componentId, string topic, string template, JsonNode value)
        {
            JsonObject entity = Entity(deviceId, componentId);
            string payload = entity[template] == null ? value.ToString() : _renderer.RenderCommand((string)entity[template], value);
            int qos = entity["qos"] == null ? 0 : (int)entity["qos"];
            bool retain = entity["retain"] != null && (bool)entity["retain"];
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic((string)entity[topic]).WithPayload(Encoding.UTF8.GetBytes(payload))
                .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos).WithRetainFlag(retain).Build(), timeout.Token).GetAwaiter().GetResult();
            return payload;
        }

        public void Dispose()
        {
            using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
            _client.Dispose();
        }

        private void Receive(string topic, string payload)
        {
            lock (_last)
            {
                _last[topic] = payload;
                if (topic.StartsWith(_prefix + "/device/", StringComparison.Ordinal) && topic.EndsWith("/config", StringComparison.Ordinal))
                {
                    _discoveries.Add((topic, payload));
                }
            }
        }
    }
}
