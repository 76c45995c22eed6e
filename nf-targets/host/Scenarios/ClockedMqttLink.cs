using Firmware.Host.Hardware;
using Firmware.Ports;

namespace Firmware.Host.Scenarios
{
    /// <summary>
    /// An MQTT link on a <see cref="SteppedClock"/>: a wait that times out in real time also spends its
    /// timeout in virtual time, so the firmware's deadline loops end; a wait that is answered costs nothing. A wait for a
    /// message takes only what has arrived and spends its timeout in virtual time.
    /// </summary>
    public sealed class ClockedMqttLink : IMqttLink
    {
        private readonly IMqttLink _inner;
        private readonly SteppedClock _clock;

        public ClockedMqttLink(IMqttLink inner, SteppedClock clock)
        {
            _inner = inner;
            _clock = clock;
        }

        public bool IsConnected => _inner.IsConnected;

        public bool SessionPresent => _inner.SessionPresent;

        public string LastError => _inner.LastError;

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            MqttConnectResult result = _inner.Connect(options, timeoutMilliseconds);
            if (result == MqttConnectResult.Timeout)
            {
                _clock.Advance(timeoutMilliseconds);
            }

            return result;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain) =>
            _inner.Publish(topic, payload, offset, count, qos, retain);

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            int token = _inner.WaitForAcknowledgement(timeoutMilliseconds);
            if (token == 0)
            {
                _clock.Advance(timeoutMilliseconds);
            }

            return token;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds) => _inner.Subscribe(topicFilter, qos, timeoutMilliseconds);

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            // Takes what has arrived without waiting in real time (a mains loop waits for a command until its next sample,
            // a minute, and nothing in a scenario sends one); the wait passes on the stepped clock.
            bool received = _inner.Receive(message, 0);
            if (!received)
            {
                _clock.Advance(timeoutMilliseconds);
            }

            return received;
        }

        public void Disconnect() => _inner.Disconnect();
    }
}
