using System.Collections;
using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// An MQTT link in memory: records every publish and subscription, acknowledges QoS 1 messages (in order, or
    /// newest first) unless told to lose their PUBACKs, delivers queued inbound messages, and can cut the
    /// connection after a number of publishes.
    /// </summary>
    public sealed class FakeMqttLink : IMqttLink
    {
        private readonly ArrayList _published = new ArrayList();
        private readonly ArrayList _acks = new ArrayList();
        private readonly ArrayList _inbound = new ArrayList();
        private readonly ArrayList _subscriptions = new ArrayList();
        private readonly ArrayList _lostAcknowledgements = new ArrayList();
        private readonly ArrayList _later = new ArrayList();
        private readonly ArrayList _laterAt = new ArrayList();
        private readonly ArrayList _takenAt = new ArrayList();
        private int _nextToken;
        private int _qos1Publishes;
        private string _lostTopic;
        private int _lostOnTopic;

        public FakeMqttLink(FakeClock clock)
        {
            Clock = clock;
            Result = MqttConnectResult.Accepted;
            AcknowledgeLimit = int.MaxValue;
            CutAfterPublishes = -1;
        }

        /// <summary>Waiting for a PUBACK that never comes passes this clock's time.</summary>
        public FakeClock Clock { get; private set; }

        public MqttConnectResult Result { get; set; }

        /// <summary>PUBACKs delivered before the rest are lost.</summary>
        public int AcknowledgeLimit { get; set; }

        /// <summary>PUBACKs come newest first (a broker may answer a window in any order).</summary>
        public bool AcknowledgeNewestFirst { get; set; }

        /// <summary>The connection drops after this many more publishes (the last one reaches the broker unacknowledged); -1 never.</summary>
        public int CutAfterPublishes { get; set; }

        /// <summary>Connects to this host fail as unreachable (a broker address that does not work); null for none.</summary>
        public string RefusedHost { get; set; }

        /// <summary>Connects with TLS fail the handshake (a CA that does not match).</summary>
        public bool RefuseTls { get; set; }

        public MqttConnectOptions LastOptions { get; private set; }

        public int ConnectCount { get; private set; }

        public bool IsConnected { get; private set; }

        public bool SessionPresent { get; private set; }

        public string LastError { get; private set; }

        public int PublishedCount
        {
            get { return _published.Count; }
        }

        public int SubscriptionCount
        {
            get { return _subscriptions.Count; }
        }

        public string GetSubscription(int index)
        {
            return (string)_subscriptions[index];
        }

        public PublishedMessage GetPublished(int index)
        {
            return (PublishedMessage)_published[index];
        }

        /// <summary>Loses the PUBACK of the <paramref name="number"/>-th QoS 1 publish (counted from 1 over the link's life).</summary>
        public void LoseAcknowledgementOf(int number)
        {
            _lostAcknowledgements.Add(number);
        }

        /// <summary>Loses the PUBACKs of the next <paramref name="count"/> QoS 1 publishes on <paramref name="topic"/>.</summary>
        public void LoseAcknowledgementsOn(string topic, int count)
        {
            _lostTopic = topic;
            _lostOnTopic = count;
        }

        /// <summary>Queues a message for the device (a command the broker kept while it slept).</summary>
        public void Deliver(string topic, string payload, bool retained)
        {
            byte[] bytes = TestText.Encode(payload);
            _inbound.Add(new PublishedMessage(topic, bytes, 1, retained));
        }

        /// <summary>
        /// A message that arrives when the clock's uptime reaches <paramref name="atUptimeMilliseconds"/>: a
        /// <see cref="Receive"/> waiting then takes it at that time (the clock moves to it), a later one at once.
        /// </summary>
        public void DeliverAt(long atUptimeMilliseconds, string topic, string payload)
        {
            _later.Add(new PublishedMessage(topic, TestText.Encode(payload), 1, false));
            _laterAt.Add(atUptimeMilliseconds);
        }

        /// <summary>Calls of <see cref="Receive"/> so far.</summary>
        public int Receives { get; private set; }

        /// <summary>The clock's uptime when each message was taken, in order.</summary>
        public long TakenAt(int index)
        {
            return (long)_takenAt[index];
        }

        /// <summary>Queues a message of raw bytes (payloads no string can carry: invalid UTF-8).</summary>
        public void Deliver(string topic, byte[] payload, bool retained)
        {
            _inbound.Add(new PublishedMessage(topic, payload, 1, retained));
        }

        /// <summary>Messages published on <paramref name="topic"/> so far, as text, in order.</summary>
        public ArrayList TextsOn(string topic)
        {
            ArrayList texts = new ArrayList();
            for (int i = 0; i < _published.Count; i++)
            {
                PublishedMessage m = (PublishedMessage)_published[i];
                if (m.Topic == topic)
                {
                    texts.Add(m.Text);
                }
            }

            return texts;
        }

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            LastOptions = options;
            ConnectCount++;
            _acks.Clear();
            MqttConnectResult result = Result;
            if (RefusedHost != null && options.Host == RefusedHost)
            {
                result = MqttConnectResult.Unreachable;
            }
            else if (RefuseTls && options.UseTls)
            {
                result = MqttConnectResult.TlsFailure;
            }

            IsConnected = result == MqttConnectResult.Accepted;
            LastError = IsConnected ? null : result == MqttConnectResult.TlsFailure ? "TLS: not issued by the pinned CA"
                : result == MqttConnectResult.Unreachable ? "broker unreachable: no route to " + options.Host : "refused";
            return result;
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
            bool cut = false;
            if (CutAfterPublishes > 0)
            {
                CutAfterPublishes--;
                cut = CutAfterPublishes == 0;
            }

            int token = 0;
            if (qos == 1)
            {
                token = ++_nextToken;
                _qos1Publishes++;
                bool lost = _lostAcknowledgements.Contains(_qos1Publishes) || (_lostOnTopic > 0 && topic == _lostTopic);
                if (_lostOnTopic > 0 && topic == _lostTopic)
                {
                    _lostOnTopic--;
                }

                if (AcknowledgeLimit > 0 && !cut && !lost)
                {
                    AcknowledgeLimit--;
                    _acks.Add(token);
                }
            }

            if (cut)
            {
                // This publish reached the broker; the connection goes before its PUBACK (and any not yet read).
                IsConnected = false;
                CutAfterPublishes = -1;
                _acks.Clear();
                LastError = "connection cut";
            }

            return token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            if (_acks.Count == 0)
            {
                Clock.Sleep(timeoutMilliseconds);
                return 0;
            }

            int index = AcknowledgeNewestFirst ? _acks.Count - 1 : 0;
            int token = (int)_acks[index];
            _acks.RemoveAt(index);
            return token;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            if (IsConnected)
            {
                _subscriptions.Add(topicFilter);
            }

            return IsConnected;
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            Receives++;
            if (IsConnected && _inbound.Count == 0 && _later.Count > 0)
            {
                // A message due within the wait arrives: the wait ends at its time.
                long at = (long)_laterAt[0];
                long wait = at - Clock.UptimeMilliseconds;
                if (wait <= timeoutMilliseconds)
                {
                    if (wait > 0)
                    {
                        Clock.Sleep((int)wait);
                    }

                    _inbound.Add(_later[0]);
                    _later.RemoveAt(0);
                    _laterAt.RemoveAt(0);
                }
            }

            if (!IsConnected || _inbound.Count == 0)
            {
                return false;
            }

            _takenAt.Add(Clock.UptimeMilliseconds);

            PublishedMessage m = (PublishedMessage)_inbound[0];
            _inbound.RemoveAt(0);
            message.Set(m.Topic, m.Payload, 0, m.Payload.Length, m.Retain);
            return true;
        }

        public void Disconnect()
        {
            IsConnected = false;
        }
    }
}
