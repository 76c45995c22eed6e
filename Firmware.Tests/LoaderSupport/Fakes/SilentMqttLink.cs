using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>A broker that never answers: every connect uses its whole timeout on the clock and fails.</summary>
    public sealed class SilentMqttLink : IMqttLink
    {
        private readonly FakeClock _clock;

        public SilentMqttLink(FakeClock clock)
        {
            _clock = clock;
        }

        public int Attempts { get; private set; }

        /// <summary>The timeout of the last connect.</summary>
        public int LastTimeout { get; private set; }

        public bool IsConnected
        {
            get { return false; }
        }

        public bool SessionPresent
        {
            get { return false; }
        }

        public string LastError { get; private set; }

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            Attempts++;
            LastTimeout = timeoutMilliseconds;
            _clock.Sleep(timeoutMilliseconds);
            LastError = "no CONNACK within " + timeoutMilliseconds.ToString() + " ms";
            return MqttConnectResult.Timeout;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            LastError = "not connected";
            return -1;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            return 0;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            return false;
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            return false;
        }

        public void Disconnect()
        {
        }
    }
}
