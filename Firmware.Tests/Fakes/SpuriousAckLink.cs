using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A broker that answers with PUBACKs the client never asked for: a number of PUBACKs for a packet id nothing
    /// waits on (each after a little time), and optionally every real PUBACK twice. Everything else is the inner link's.
    /// </summary>
    public sealed class SpuriousAckLink : IMqttLink
    {
        private readonly FakeMqttLink _inner;
        private int _repeat;

        public SpuriousAckLink(FakeMqttLink inner)
        {
            _inner = inner;
            UnknownToken = 65000;
            StepMilliseconds = 10;
        }

        /// <summary>PUBACKs for <see cref="UnknownToken"/> still to come before the real ones.</summary>
        public int UnknownAcks { get; set; }

        public int UnknownToken { get; set; }

        /// <summary>Time each unknown PUBACK takes to arrive.</summary>
        public int StepMilliseconds { get; set; }

        /// <summary>Every real PUBACK comes twice.</summary>
        public bool DuplicateEachAck { get; set; }

        public bool IsConnected
        {
            get { return _inner.IsConnected; }
        }

        public bool SessionPresent
        {
            get { return _inner.SessionPresent; }
        }

        public string LastError
        {
            get { return _inner.LastError; }
        }

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            return _inner.Connect(options, timeoutMilliseconds);
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            return _inner.Publish(topic, payload, offset, count, qos, retain);
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            if (UnknownAcks > 0)
            {
                UnknownAcks--;
                _inner.Clock.Sleep(StepMilliseconds);
                return UnknownToken;
            }

            if (_repeat > 0)
            {
                int again = _repeat;
                _repeat = 0;
                return again;
            }

            int token = _inner.WaitForAcknowledgement(timeoutMilliseconds);
            if (DuplicateEachAck && token > 0)
            {
                _repeat = token;
            }

            return token;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            return _inner.Subscribe(topicFilter, qos, timeoutMilliseconds);
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            return _inner.Receive(message, timeoutMilliseconds);
        }

        public void Disconnect()
        {
            _inner.Disconnect();
        }
    }
}
