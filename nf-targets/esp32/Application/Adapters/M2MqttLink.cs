using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Firmware.Ports;
using Firmware.Text;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// <see cref="IMqttLink"/> over nanoFramework.M2Mqtt (MQTT 3.1.1). M2Mqtt raises its events on its own
    /// dispatch thread; they are queued here and taken by the firmware's thread. M2Mqtt's connect timeout is
    /// fixed at 30 s, so the connect runs on a worker thread and is abandoned (the client closed) when the
    /// port's timeout passes first. A QoS 1 message that M2Mqtt gives up on (IsPublished false) is simply
    /// never acknowledged: the firmware keeps it in flash and sends it again.
    /// </summary>
    public sealed class M2MqttLink : IMqttLink
    {
        private const int InboundLimit = 32;

        private readonly IClock _clock;
        private readonly object _lock = new object();
        private readonly AutoResetEvent _signal = new AutoResetEvent(false);
        private readonly ArrayList _acknowledged = new ArrayList();
        private readonly ArrayList _inbound = new ArrayList();
        private readonly ArrayList _subscribed = new ArrayList();
        private MqttClient _client;

        public M2MqttLink(IClock clock)
        {
            _clock = clock;
        }

        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        public bool SessionPresent { get; private set; }

        public string LastError { get; private set; }

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            Close();
            MqttClient client;
            try
            {
                X509Certificate ca = null;
                X509Certificate clientCertificate = null;
                if (options.UseTls)
                {
                    if (options.CaCertificatePem == null)
                    {
                        LastError = "TLS needs the broker's CA certificate";
                        return MqttConnectResult.InvalidOptions;
                    }

                    ca = new X509Certificate(Utf8.GetBytes(options.CaCertificatePem));
                    if (options.ClientCertificatePem != null)
                    {
                        clientCertificate = new X509Certificate2(Utf8.GetBytes(options.ClientCertificatePem), Utf8.GetBytes(options.ClientKeyPem), null);
                    }
                }

                // The constructor resolves the host name, so it runs only with the network up.
                client = new MqttClient(options.Host, options.Port, options.UseTls, ca, clientCertificate, options.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
            }
            catch (Exception e)
            {
                LastError = "broker unreachable: " + e.Message;
                return MqttConnectResult.Unreachable;
            }

            client.MqttMsgPublished += OnPublished;
            client.MqttMsgPublishReceived += OnReceived;
            client.MqttMsgSubscribed += OnSubscribed;

            M2MqttConnectAttempt attempt = new M2MqttConnectAttempt(client, options);
            Thread worker = new Thread(attempt.Run);
            worker.Start();
            if (!worker.Join(timeoutMilliseconds))
            {
                client.Close();
                LastError = "no CONNACK within " + timeoutMilliseconds.ToString() + " ms";
                return MqttConnectResult.Timeout;
            }

            if (attempt.Failure != null)
            {
                client.Close();
                LastError = attempt.Failure;
                return options.UseTls && attempt.Failure.IndexOf("Socket") < 0 ? MqttConnectResult.TlsFailure : MqttConnectResult.Unreachable;
            }

            MqttConnectResult result = Map(attempt.Code);
            if (result != MqttConnectResult.Accepted)
            {
                client.Close();
                LastError = "broker refused the connection (" + ((int)attempt.Code).ToString() + ")";
                return result;
            }

            _client = client;
            // M2Mqtt does not expose the CONNACK's session-present flag; assume none, so the firmware resubscribes.
            SessionPresent = false;
            LastError = null;
            return MqttConnectResult.Accepted;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (qos < 0 || qos > 1)
            {
                throw new ArgumentOutOfRangeException("qos", "QoS 0 or 1");
            }

            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                LastError = "not connected";
                return -1;
            }

            byte[] message = new byte[count];
            Array.Copy(payload, offset, message, 0, count);
            try
            {
                ushort id = client.Publish(topic, message, null, null, qos == 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce, retain);
                return qos == 1 ? id : 0;
            }
            catch (Exception e)
            {
                LastError = "publish failed: " + e.Message;
                return -1;
            }
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            long deadline = _clock.UptimeMilliseconds + timeoutMilliseconds;
            while (true)
            {
                lock (_lock)
                {
                    if (_acknowledged.Count > 0)
                    {
                        int token = (int)_acknowledged[0];
                        _acknowledged.RemoveAt(0);
                        return token;
                    }
                }

                long left = deadline - _clock.UptimeMilliseconds;
                if (left <= 0 || !IsConnected)
                {
                    return 0;
                }

                _signal.WaitOne((int)left, false);
            }
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                LastError = "not connected";
                return false;
            }

            ushort id;
            try
            {
                id = client.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { qos == 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce });
            }
            catch (Exception e)
            {
                LastError = "subscribe failed: " + e.Message;
                return false;
            }

            long deadline = _clock.UptimeMilliseconds + timeoutMilliseconds;
            while (true)
            {
                lock (_lock)
                {
                    int index = _subscribed.IndexOf((int)id);
                    if (index >= 0)
                    {
                        _subscribed.RemoveAt(index);
                        return true;
                    }
                }

                long left = deadline - _clock.UptimeMilliseconds;
                if (left <= 0)
                {
                    LastError = "no SUBACK within " + timeoutMilliseconds.ToString() + " ms";
                    return false;
                }

                _signal.WaitOne((int)left, false);
            }
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            long deadline = _clock.UptimeMilliseconds + timeoutMilliseconds;
            while (true)
            {
                lock (_lock)
                {
                    if (_inbound.Count > 0)
                    {
                        MqttMsgPublishEventArgs received = (MqttMsgPublishEventArgs)_inbound[0];
                        _inbound.RemoveAt(0);
                        byte[] body = received.Message == null ? new byte[0] : received.Message;
                        message.Set(received.Topic, body, 0, body.Length, received.Retain);
                        return true;
                    }
                }

                long left = deadline - _clock.UptimeMilliseconds;
                if (left <= 0)
                {
                    return false;
                }

                _signal.WaitOne((int)left, false);
            }
        }

        public void Disconnect()
        {
            MqttClient client = _client;
            if (client != null && client.IsConnected)
            {
                try
                {
                    client.Disconnect();
                }
                catch (Exception e)
                {
                    LastError = "disconnect: " + e.Message;
                }
            }

            Close();
        }

        private void Close()
        {
            MqttClient client = _client;
            _client = null;
            if (client != null)
            {
                client.MqttMsgPublished -= OnPublished;
                client.MqttMsgPublishReceived -= OnReceived;
                client.MqttMsgSubscribed -= OnSubscribed;
                client.Close();
            }

            lock (_lock)
            {
                _acknowledged.Clear();
                _inbound.Clear();
                _subscribed.Clear();
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            if (!e.IsPublished)
            {
                return;
            }

            lock (_lock)
            {
                _acknowledged.Add((int)e.MessageId);
            }

            _signal.Set();
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            lock (_lock)
            {
                // Bounded: a flood of commands must not exhaust the heap; the oldest are the first to go.
                if (_inbound.Count >= InboundLimit)
                {
                    _inbound.RemoveAt(0);
                }

                _inbound.Add(e);
            }

            _signal.Set();
        }

        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            lock (_lock)
            {
                _subscribed.Add((int)e.MessageId);
            }

            _signal.Set();
        }

        private static MqttConnectResult Map(MqttReasonCode code)
        {
            switch (code)
            {
                case MqttReasonCode.Success:
                    return MqttConnectResult.Accepted;
                case MqttReasonCode.ConnectionRefusedUnacceptableProtocolVersion:
                    return MqttConnectResult.UnacceptableProtocolVersion;
                case MqttReasonCode.ConnectionRefusedIdentifierRejected:
                    return MqttConnectResult.IdentifierRejected;
                case MqttReasonCode.ConnectionRefusedBadUserNameOrPassword:
                    return MqttConnectResult.BadUserNameOrPassword;
                case MqttReasonCode.ConnectionRefusedNotAuthorized:
                    return MqttConnectResult.NotAuthorized;
                default:
                    return MqttConnectResult.ServerUnavailable;
            }
        }
    }
}
