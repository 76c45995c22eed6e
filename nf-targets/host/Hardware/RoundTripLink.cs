using System.Collections.Generic;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// Models the round trip of a Wi-Fi link to a broker in device time: a connect costs two round trips (TCP and
    /// CONNECT/CONNACK), a subscription one, and a PUBACK is not seen before one round trip after its publish, so a
    /// window of batches in flight pays one round trip, not one per batch. The loopback broker answers in
    /// microseconds; this makes a session's radio time what a board on a real network would spend. (The link beneath
    /// keeps its timeouts in device time: <see cref="Mqtt.MqttNetLink"/>.)
    /// </summary>
    public sealed class RoundTripLink : IMqttLink
    {
        private readonly IMqttLink _inner;
        private readonly ITwinClock _clock;
        private readonly int _roundTrip;
        private readonly Dictionary<int, long> _sentAt = new Dictionary<int, long>();

        public RoundTripLink(IMqttLink inner, ITwinClock clock, int roundTripMilliseconds)
        {
            _inner = inner;
            _clock = clock;
            _roundTrip = roundTripMilliseconds;
        }

        public bool IsConnected => _inner.IsConnected;

        public bool SessionPresent => _inner.SessionPresent;

        public string LastError => _inner.LastError;

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            _sentAt.Clear();
            MqttConnectResult result = _inner.Connect(options, timeoutMilliseconds);
            _clock.Sleep(result == MqttConnectResult.Accepted ? 2 * _roundTrip : _roundTrip);
            return result;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            int token = _inner.Publish(topic, payload, offset, count, qos, retain);
            if (token > 0)
            {
                _sentAt[token] = _clock.TotalMilliseconds;
            }

            return token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            int token = _inner.WaitForAcknowledgement(timeoutMilliseconds);
            if (token > 0 && _sentAt.Remove(token, out long sent))
            {
                long wait = sent + _roundTrip - _clock.TotalMilliseconds;
                if (wait > 0)
                {
                    _clock.Sleep((int)wait);
                }
            }

            return token;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            bool granted = _inner.Subscribe(topicFilter, qos, timeoutMilliseconds);
            _clock.Sleep(_roundTrip);
            return granted;
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds) => _inner.Receive(message, timeoutMilliseconds);

        public void Disconnect() => _inner.Disconnect();
    }
}
