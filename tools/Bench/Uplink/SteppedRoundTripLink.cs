using System;
using System.Collections.Generic;
using Firmware.Host.Hardware;
using Firmware.Ports;

namespace Firmware.Tools.Bench.Uplink
{
    /// <summary>
    /// A broker on a stepped clock at a fixed round trip: a connect costs two round trips, a subscription one, and a
    /// QoS 1 message's PUBACK arrives one round trip after it was sent (a window of them comes back together); nothing
    /// is received. Counts the bytes of messages on topics that contain a part.
    /// </summary>
    public sealed class SteppedRoundTripLink : IMqttLink
    {
        private readonly SteppedClock _clock;
        private readonly int _roundTrip;
        private readonly string _countedPart;
        private readonly Queue<(int Token, long SentAt)> _inFlight = new Queue<(int, long)>();
        private int _token;

        public SteppedRoundTripLink(SteppedClock clock, int roundTripMilliseconds, string countedPart)
        {
            _clock = clock;
            _roundTrip = roundTripMilliseconds;
            _countedPart = countedPart;
        }

        /// <summary>Messages sent on topics holding the counted part, and their payload bytes.</summary>
        public int CountedMessages { get; private set; }

        public long CountedBytes { get; private set; }

        /// <summary>The last payload sent on such a topic.</summary>
        public int LastCountedBytes { get; private set; }

        public bool IsConnected { get; private set; }

        public bool SessionPresent => false;

        public string LastError => IsConnected ? null : "not connected";

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            _clock.Advance(2 * _roundTrip);
            IsConnected = true;
            _inFlight.Clear();
            return MqttConnectResult.Accepted;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (!IsConnected)
            {
                return -1;
            }

            if (topic.Contains(_countedPart, StringComparison.Ordinal))
            {
                CountedMessages++;
                CountedBytes += count;
                LastCountedBytes = count;
            }

            if (qos == 0)
            {
                return 0;
            }

            _token = _token == int.MaxValue ? 1 : _token + 1;
            _inFlight.Enqueue((_token, _clock.UptimeMilliseconds));
            return _token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            if (_inFlight.Count == 0)
            {
                return 0;
            }

            (int token, long sentAt) = _inFlight.Dequeue();
            _clock.Advance(sentAt + _roundTrip - _clock.UptimeMilliseconds);
            return token;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            _clock.Advance(_roundTrip);
            return IsConnected;
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds) => false;

        public void Disconnect() => IsConnected = false;
    }
}
