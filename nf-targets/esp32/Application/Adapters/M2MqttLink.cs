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
    /// fixed at 30 s, so the connect runs on a worker thread and is abandoned when the port's timeout passes
    /// first (the worker then closes that client). Options M2Mqtt would refuse or silently change (an empty
    /// will, a keep-alive over 16 bits, a client certificate without its key) fail as InvalidOptions before
    /// anything is sent. A SUBACK with the failure code is a refused subscription. Every wait blocks on one signal that
    /// M2Mqtt's events set (a PUBACK, a message, a SUBACK, the connection closed), so a long <see cref="Receive"/> (a mains
    /// device between samples) costs nothing until something arrives. A QoS 1 message that M2Mqtt gives up on (IsPublished false) is simply
    /// never acknowledged: the firmware keeps it in flash and sends it again. A QoS 0 message (a mains device's retained state) is handed
    /// to M2Mqtt's send queue and reported as token 0: M2Mqtt sends it once and raises no published event for it, so no token of it
    /// is ever queued here.
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
            string invalid = Validate(options);
            if (invalid != null)
            {
                LastError = invalid;
                return MqttConnectResult.InvalidOptions;
            }

            X509Certificate ca = null;
            X509Certificate clientCertificate = null;
            if (options.UseTls)
            {
                // The string constructors: mbedTLS reads PEM only from a buffer that ends with a NUL, which
                // they append (the byte[] ones pass the bytes as they are, so PEM bytes would not parse).
                try
                {
                    ca = new X509Certificate(options.CaCertificatePem);
                }
                catch (Exception e)
                {
                    LastError = "the broker's CA certificate is not a readable PEM certificate: " + e.Message;
                    return MqttConnectResult.InvalidOptions;
                }

                if (options.ClientCertificatePem != null)
                {
                    try
                    {
                        clientCertificate = new X509Certificate2(options.ClientCertificatePem, options.ClientKeyPem, null);
                    }
                    catch (Exception e)
                    {
                        LastError = "the client certificate or its private key is not readable PEM: " + e.Message;
                        return MqttConnectResult.InvalidOptions;
                    }
                }
            }

            MqttClient client;
            try
            {
                // The constructor resolves the host name, so it runs only with the network up.
                client = new MqttClient(options.Host, options.Port, options.UseTls, ca, clientCertificate, options.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
            }
            catch (Exception e)
            {
                LastError = "broker unreachable: " + e.Message;
                return MqttConnectResult.Unreachable;
            }

            // Attached before the connect: a persistent session's queued messages arrive right after the CONNACK.
            Attach(client);
            string willMessage = options.WillTopic == null ? null : Utf8.Decode(options.WillPayload, 0, options.WillPayload.Length);
            M2MqttConnectAttempt attempt = new M2MqttConnectAttempt(client, options, willMessage);
            new Thread(attempt.Run).Start();
            if (!attempt.Done.WaitOne(timeoutMilliseconds, false))
            {
                // The worker closes the client when M2Mqtt returns; nothing of it reaches this link any more.
                attempt.Abandon();
                Detach(client);
                LastError = "no CONNACK within " + timeoutMilliseconds.ToString() + " ms";
                return MqttConnectResult.Timeout;
            }

            if (attempt.Result != MqttConnectResult.Accepted)
            {
                Detach(client);
                LastError = attempt.Error;
                return attempt.Result;
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
                MqttMsgSubscribedEventArgs suback = TakeSuback(id);
                if (suback != null)
                {
                    MqttQoSLevel[] granted = suback.GrantedQoSLevels;
                    if (granted == null || granted.Length == 0 || granted[0] == MqttQoSLevel.GrantedFailure)
                    {
                        LastError = "broker refused the subscription to " + topicFilter;
                        return false;
                    }

                    return true;
                }

                long left = deadline - _clock.UptimeMilliseconds;
                if (left <= 0 || !client.IsConnected)
                {
                    LastError = client.IsConnected ? "no SUBACK within " + timeoutMilliseconds.ToString() + " ms" : "connection lost before the SUBACK";
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
                if (left <= 0 || !IsConnected)
                {
                    // A lost connection ends the wait at once: nothing more will arrive on it.
                    return false;
                }

                // Blocks until M2Mqtt's receive (or close) event sets the signal: a mains device waits here between
                // samples for a command, without polling.
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
                Detach(client);
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

        private void OnClosed(object sender, EventArgs e)
        {
            // Wakes a thread waiting for a message or a PUBACK: the connection that would carry it is gone.
            _signal.Set();
        }

        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            lock (_lock)
            {
                _subscribed.Add(e);
            }

            _signal.Set();
        }

        /// <summary>What M2Mqtt would refuse or silently change, as a clear error; null when the options are usable.</summary>
        private static string Validate(MqttConnectOptions options)
        {
            if (options.Host == null || options.Host.Length == 0)
            {
                return "no broker host";
            }

            if (options.KeepAliveSeconds < 0 || options.KeepAliveSeconds > ushort.MaxValue)
            {
                return "keep-alive must be 0 to 65535 s, not " + options.KeepAliveSeconds.ToString();
            }

            if (options.WillTopic != null)
            {
                if (options.WillPayload == null || options.WillPayload.Length == 0)
                {
                    return "M2Mqtt cannot send a last will without a message";
                }

                if (options.WillQos < 0 || options.WillQos > 1)
                {
                    return "last-will QoS must be 0 or 1, not " + options.WillQos.ToString();
                }
            }

            if (options.UseTls)
            {
                if (options.CaCertificatePem == null)
                {
                    return "TLS needs the broker's CA certificate";
                }

                if (options.ClientCertificatePem != null && options.ClientKeyPem == null)
                {
                    return "the client certificate needs its private key";
                }
            }

            return null;
        }

        private MqttMsgSubscribedEventArgs TakeSuback(ushort id)
        {
            lock (_lock)
            {
                for (int i = 0; i < _subscribed.Count; i++)
                {
                    MqttMsgSubscribedEventArgs suback = (MqttMsgSubscribedEventArgs)_subscribed[i];
                    if (suback.MessageId == id)
                    {
                        _subscribed.RemoveAt(i);
                        return suback;
                    }
                }
            }

            return null;
        }

        private void Attach(MqttClient client)
        {
            client.MqttMsgPublished += OnPublished;
            client.MqttMsgPublishReceived += OnReceived;
            client.MqttMsgSubscribed += OnSubscribed;
            client.ConnectionClosed += OnClosed;
        }

        private void Detach(MqttClient client)
        {
            client.MqttMsgPublished -= OnPublished;
            client.MqttMsgPublishReceived -= OnReceived;
            client.MqttMsgSubscribed -= OnSubscribed;
            client.ConnectionClosed -= OnClosed;
        }
    }
}
