using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The MQTT link as the simulated network lets it through: on a network from which the broker cannot be reached
    /// (<see cref="SimulatedAccessPoint.ReachesBroker"/>), a connection is refused before it leaves the device, as a
    /// firewall that rejects it would.
    /// </summary>
    public sealed class NetworkGatedLink : IMqttLink
    {
        private readonly IMqttLink _link;
        private readonly HostNetwork _network;
        private string _refused;

        public NetworkGatedLink(IMqttLink link, HostNetwork network)
        {
            _link = link;
            _network = network;
        }

        public bool IsConnected => _refused == null && _link.IsConnected;

        public bool SessionPresent => _link.SessionPresent;

        public string LastError => _refused ?? _link.LastError;

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            SimulatedAccessPoint network = _network.Current;
            if (network != null && !network.ReachesBroker)
            {
                _refused = $"connection refused: the network '{network.Ssid}' does not reach {options.Host}:{options.Port}";
                return MqttConnectResult.Unreachable;
            }

            _refused = null;
            return _link.Connect(options, timeoutMilliseconds);
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain) => _link.Publish(topic, payload, offset, count, qos, retain);

        public int WaitForAcknowledgement(int timeoutMilliseconds) => _link.WaitForAcknowledgement(timeoutMilliseconds);

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds) => _link.Subscribe(topicFilter, qos, timeoutMilliseconds);

        public bool Receive(MqttMessage message, int timeoutMilliseconds) => _link.Receive(message, timeoutMilliseconds);

        public void Disconnect() => _link.Disconnect();
    }
}
