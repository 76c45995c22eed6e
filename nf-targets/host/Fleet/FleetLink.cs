using System;
using Firmware.Host.Hardware;
using Firmware.Ports;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// A fleet device's radio link to the broker as its Wi-Fi quality makes it: a weak link loses its connection in the
    /// middle of a session now and then (the socket closes without a DISCONNECT, so the broker sees it vanish), and a
    /// board whose power is cut transmits nothing.
    /// </summary>
    public sealed class FleetLink : IMqttLink
    {
        private readonly IMqttLink _inner;
        private readonly Action _dropConnection;
        private readonly IPowerSupply _supply;
        private readonly Random _random;
        private readonly double _dropChance;

        /// <param name="inner">The link beneath.</param>
        /// <param name="dropConnection">Closes the connection without a goodbye.</param>
        /// <param name="dropChance">Chance that a publish is the last thing the connection carries.</param>
        public FleetLink(IMqttLink inner, Action dropConnection, IPowerSupply supply, Random random, double dropChance)
        {
            _inner = inner;
            _dropConnection = dropConnection;
            _supply = supply;
            _random = random;
            _dropChance = dropChance;
        }

        /// <summary>Connections the weak link dropped.</summary>
        public int Dropped { get; private set; }

        public bool IsConnected => !Dead && _inner.IsConnected;

        public bool SessionPresent => _inner.SessionPresent;

        public string LastError => Dead ? "no power" : _inner.LastError;

        private bool Dead => _supply != null && _supply.Failed;

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds) =>
            Dead ? MqttConnectResult.Unreachable : _inner.Connect(options, timeoutMilliseconds);

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (Dead)
            {
                return -1;
            }

            int token = _inner.Publish(topic, payload, offset, count, qos, retain);
            if (token >= 0 && _dropChance > 0 && _random.NextDouble() < _dropChance)
            {
                Dropped++;
                _dropConnection();
            }

            return token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds) => Dead ? 0 : _inner.WaitForAcknowledgement(timeoutMilliseconds);

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds) => !Dead && _inner.Subscribe(topicFilter, qos, timeoutMilliseconds);

        public bool Receive(MqttMessage message, int timeoutMilliseconds) => !Dead && _inner.Receive(message, timeoutMilliseconds);

        public void Disconnect()
        {
            if (!Dead)
            {
                _inner.Disconnect();
            }
        }
    }
}
