using Firmware.Ports;

namespace Firmware.Tools.Bench.Uplink
{
    /// <summary>
    /// An MQTT link that allocates nothing: every QoS 1 publish is acknowledged at once, nothing is received. It
    /// isolates what the firmware's own code allocates and costs from what a client library does.
    /// </summary>
    public sealed class NullLink : IMqttLink
    {
        private readonly int[] _acks = new int[64];
        private int _head;
        private int _count;
        private int _token;

        public long Publishes { get; private set; }

        public long Bytes { get; private set; }

        public bool IsConnected { get; private set; }

        public bool SessionPresent => false;

        public string LastError => IsConnected ? null : "not connected";

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            IsConnected = true;
            _count = 0;
            return MqttConnectResult.Accepted;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (!IsConnected)
            {
                return -1;
            }

            Publishes++;
            Bytes += count;
            if (qos == 0)
            {
                return 0;
            }

            _token = _token == int.MaxValue ? 1 : _token + 1;
            _acks[(_head + _count) % _acks.Length] = _token;
            _count++;
            return _token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            if (_count == 0)
            {
                return 0;
            }

            int token = _acks[_head];
            _head = (_head + 1) % _acks.Length;
            _count--;
            return token;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds) => IsConnected;

        public bool Receive(MqttMessage message, int timeoutMilliseconds) => false;

        public void Disconnect() => IsConnected = false;
    }
}
