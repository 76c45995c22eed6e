using System;
using System.Collections.Generic;
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
        private readonly Func<long> _now;
        private readonly List<(long From, long Until)> _connections = new List<(long From, long Until)>();
        private long _connectedAt = -1;

        /// <param name="inner">The link beneath.</param>
        /// <param name="dropConnection">Closes the connection without a goodbye.</param>
        /// <param name="dropChance">Chance that a publish is the last thing the connection carries.</param>
        /// <param name="now">The device's time on the fleet's time line, ms.</param>
        public FleetLink(IMqttLink inner, Action dropConnection, IPowerSupply supply, Random random, double dropChance, Func<long> now)
        {
            _now = now;
            _inner = inner;
            _dropConnection = dropConnection;
            _supply = supply;
            _random = random;
            _dropChance = dropChance;
        }

        /// <summary>
        /// The broker sessions this device had, ground truth: from the CONNACK that accepted it to the end of the connection
        /// as the device saw it (its goodbye, a drop, the next connect, or the last moment it used the link).
        /// </summary>
        public IReadOnlyList<(long From, long Until)> Connections
        {
            get
            {
                List<(long From, long Until)> all = new List<(long From, long Until)>(_connections);
                if (_connectedAt >= 0)
                {
                    all.Add((_connectedAt, Math.Max(_connectedAt, _lastUse)));
                }

                return all;
            }
        }

        private long _lastUse;

        /// <summary>Connections the weak link dropped.</summary>
        public int Dropped { get; private set; }

        public bool IsConnected => !Dead && _inner.IsConnected;

        public bool SessionPresent => _inner.SessionPresent;

        public string LastError => Dead ? "no power" : _inner.LastError;

        private bool Dead => _supply != null && _supply.Failed;

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            Ended(clean: false);
            MqttConnectResult result = Dead ? MqttConnectResult.Unreachable : _inner.Connect(options, timeoutMilliseconds);
            if (result == MqttConnectResult.Accepted)
            {
                _connectedAt = _now();
                _lastUse = _connectedAt;
            }

            return result;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (Dead)
            {
                return -1;
            }

            int token = _inner.Publish(topic, payload, offset, count, qos, retain);
            if (token >= 0)
            {
                _lastUse = _now();
            }

            if (token >= 0 && _dropChance > 0 && _random.NextDouble() < _dropChance)
            {
                Dropped++;
                _dropConnection();
                Ended(clean: false);
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

            Ended(clean: !Dead);
        }

        /// <summary>The connection in use, if any, ends: now when the device closes it, else at its last use (a drop, a power cut).</summary>
        private void Ended(bool clean)
        {
            if (_connectedAt >= 0)
            {
                _connections.Add((_connectedAt, clean ? Math.Max(_lastUse, _now()) : _lastUse));
                _connectedAt = -1;
            }
        }
    }
}
