using System.Collections.Generic;
using System.Text;
using Firmware.Ports;

namespace Firmware.Host.Tests.Uplink.Support
{
    /// <summary>
    /// A broker in memory for sweeps: accepts every connection, acknowledges every QoS 1 publish at once, records the
    /// sequence numbers of every telemetry pack it got (the receiver's view), and hands queued commands to the device.
    /// </summary>
    public sealed class RecordingLink : IMqttLink
    {
        private readonly Queue<int> _acks = new Queue<int>();
        private readonly Queue<(string Topic, byte[] Payload)> _inbound = new Queue<(string, byte[])>();
        private int _token;

        /// <summary>Every sequence number received, in order (with repeats).</summary>
        public List<long> Received { get; } = new List<long>();

        public List<string> Events { get; } = new List<string>();

        public bool IsConnected { get; private set; }

        public bool SessionPresent => false;

        public string LastError { get; private set; }

        public void Deliver(string topic, string payload) => _inbound.Enqueue((topic, Encoding.UTF8.GetBytes(payload)));

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            _acks.Clear();
            IsConnected = true;
            return MqttConnectResult.Accepted;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (!IsConnected)
            {
                LastError = "not connected";
                return -1;
            }

            byte[] copy = new byte[count];
            System.Array.Copy(payload, offset, copy, 0, count);
            if (topic.EndsWith("/telemetry", System.StringComparison.Ordinal))
            {
                TelemetryObserver.TryReadSequences(copy, Received);
            }
            else if (topic.EndsWith("/events", System.StringComparison.Ordinal))
            {
                Events.Add(Encoding.UTF8.GetString(copy));
            }

            if (qos == 0)
            {
                return 0;
            }

            _acks.Enqueue(++_token);
            return _token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds) => _acks.Count > 0 ? _acks.Dequeue() : 0;

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds) => IsConnected;

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            if (!IsConnected || _inbound.Count == 0)
            {
                return false;
            }

            (string topic, byte[] payload) = _inbound.Dequeue();
            message.Set(topic, payload, 0, payload.Length, false);
            return true;
        }

        public void Disconnect() => IsConnected = false;
    }
}
