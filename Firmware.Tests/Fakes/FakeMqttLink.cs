using System.Collections;
using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// An MQTT link in memory: records every publish, and acknowledges QoS 1 messages unless told to
    /// lose their PUBACKs.
    /// </summary>
    public sealed class FakeMqttLink : IMqttLink
    {
        private readonly ArrayList _published = new ArrayList();
        private readonly ArrayList _acks = new ArrayList();
        private int _nextToken;

        public FakeMqttLink(FakeClock clock)
        {
            Clock = clock;
            Result = MqttConnectResult.Accepted;
            AcknowledgeLimit = int.MaxValue;
        }

        /// <summary>Waiting for a PUBACK that never comes passes this clock's time.</summary>
        public FakeClock Clock { get; private set; }

        public MqttConnectResult Result { get; set; }

        /// <summary>PUBACKs delivered before the rest are lost.</summary>
        public int AcknowledgeLimit { get; set; }

        public MqttConnectOptions LastOptions { get; private set; }

        public bool IsConnected { get; private set; }

        public bool SessionPresent { get; private set; }

        public string LastError { get; private set; }

        public int PublishedCount
        {
            get { return _published.Count; }
        }

        public PublishedMessage GetPublished(int index)
        {
            return (PublishedMessage)_published[index];
        }

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            LastOptions = options;
            IsConnected = Result == MqttConnectResult.Accepted;
            LastError = IsConnected ? null : "refused";
            return Result;
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
            _published.Add(new PublishedMessage(topic, copy, qos, retain));
            if (qos == 0)
            {
                return 0;
            }

            _nextToken++;
            if (AcknowledgeLimit > 0)
            {
                AcknowledgeLimit--;
                _acks.Add(_nextToken);
            }

            return _nextToken;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            if (_acks.Count == 0)
            {
                Clock.Sleep(timeoutMilliseconds);
                return 0;
            }

            int token = (int)_acks[0];
            _acks.RemoveAt(0);
            return token;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            return IsConnected;
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            return false;
        }

        public void Disconnect()
        {
            IsConnected = false;
        }
    }
}
