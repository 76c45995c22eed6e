using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Ports;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host.Mqtt
{
    /// <summary>
    /// <see cref="IMqttLink"/> over an MQTTnet client speaking MQTT 3.1.1. MQTTnet is task-based; this
    /// adapter turns it into the port's polling contract: PUBACKs and received messages are queued by
    /// MQTTnet's threads and taken by the firmware's thread, every wait bounded by its timeout.
    /// </summary>
    public sealed class MqttNetLink : IMqttLink, IDisposable
    {
        private const int InboundLimit = 256;

        private readonly MqttClientFactory _factory = new MqttClientFactory();
        private readonly BlockingCollection<int> _acknowledged = new BlockingCollection<int>();
        private readonly BlockingCollection<Inbound> _inbound = new BlockingCollection<Inbound>(InboundLimit);
        private IMqttClient _client;
        private int _nextToken;
        private int _generation;

        /// <summary>Messages dropped because the firmware did not take them fast enough.</summary>
        public int InboundDropped { get; private set; }

        public bool IsConnected => _client != null && _client.IsConnected;

        public bool SessionPresent { get; private set; }

        public string LastError { get; private set; }

        public MqttConnectResult Connect(MqttConnectOptions options, int timeoutMilliseconds)
        {
            CloseClient();
            PinnedTls tls = null;
            if (options.UseTls)
            {
                tls = PinnedTls.Create(options, out string tlsError);
                if (tls == null)
                {
                    LastError = tlsError;
                    return MqttConnectResult.InvalidOptions;
                }
            }

            try
            {
                return Connect(options, tls, timeoutMilliseconds);
            }
            finally
            {
                tls?.Dispose();
            }
        }

        private MqttConnectResult Connect(MqttConnectOptions options, PinnedTls tls, int timeoutMilliseconds)
        {
            MqttClientOptionsBuilder builder = _factory.CreateClientOptionsBuilder()
                .WithTcpServer(options.Host, options.Port)
                .WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId(options.ClientId)
                .WithCleanSession(options.CleanSession)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
                .WithTimeout(TimeSpan.FromMilliseconds(timeoutMilliseconds));
            if (tls != null)
            {
                // Only this TLS configuration is ever tried: a failed handshake is a failed connect, never a
                // reason to try plain TCP.
                builder = builder.WithTlsOptions(tls.Build());
            }

            if (options.UserName != null)
            {
                builder = builder.WithCredentials(options.UserName, options.Password);
            }

            if (options.WillTopic != null)
            {
                builder = builder.WithWillTopic(options.WillTopic)
                    .WithWillPayload(options.WillPayload ?? Array.Empty<byte>())
                    .WithWillRetain(options.WillRetain)
                    .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)options.WillQos);
            }

            IMqttClient client = _factory.CreateMqttClient();
            int generation = Interlocked.Increment(ref _generation);
            client.ApplicationMessageReceivedAsync += e =>
            {
                if (generation == Volatile.Read(ref _generation))
                {
                    MqttApplicationMessage m = e.ApplicationMessage;
                    if (!_inbound.TryAdd(new Inbound(m.Topic, m.Payload.ToArray(), m.Retain)))
                    {
                        InboundDropped++;
                    }
                }

                return Task.CompletedTask;
            };

            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(timeoutMilliseconds);
                MqttClientConnectResult result = client.ConnectAsync(builder.Build(), timeout.Token).GetAwaiter().GetResult();
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    client.Dispose();
                    LastError = "broker refused the connection: " + result.ResultCode;
                    return MapRefusal(result.ResultCode);
                }

                _client = client;
                SessionPresent = result.IsSessionPresent;
                LastError = null;
                return MqttConnectResult.Accepted;
            }
            catch (Exception e)
            {
                client.Dispose();
                MqttConnectResult failure = Classify(e, tls, timeoutMilliseconds, out string reason);
                LastError = Redact(reason, options);
                return failure;
            }
        }

        /// <summary>Names a failed connect: TLS problems first (with the certificate check's own reason), then timeouts, refusals and unreachable brokers.</summary>
        private static MqttConnectResult Classify(Exception e, PinnedTls tls, int timeoutMilliseconds, out string reason)
        {
            if (tls != null && tls.Refusal != null)
            {
                reason = "TLS: " + tls.Refusal;
                return MqttConnectResult.TlsFailure;
            }

            if (e is OperationCanceledException || e is MqttCommunicationTimedOutException)
            {
                reason = "no CONNACK within " + timeoutMilliseconds + " ms";
                return MqttConnectResult.Timeout;
            }

            if (tls != null)
            {
                AuthenticationException handshake = Find<AuthenticationException>(e);
                if (handshake != null)
                {
                    reason = "TLS: the handshake failed: " + Innermost(handshake).Message;
                    return MqttConnectResult.TlsFailure;
                }

                if (tls.ServerAccepted)
                {
                    // TLS 1.3 finishes the client's side of the handshake before the broker checks the client's
                    // certificate; a broker that refuses it then closes the session before CONNACK.
                    reason = "TLS: the broker closed the session before CONNACK: it requires a client certificate"
                        + (tls.HasClientCertificate ? " and refused the one offered" : " and none was configured")
                        + " (" + Innermost(e).Message + ")";
                    return MqttConnectResult.TlsFailure;
                }
            }

            if (e is MqttConnectingFailedException && (e.InnerException is MqttCommunicationException || e.InnerException is IOException || e.InnerException is SocketException))
            {
                // The transport closed before a CONNACK (a broker going down, a proxy resetting): not a refusal.
                reason = "broker unreachable: the connection closed before CONNACK (" + Innermost(e).Message + ")";
                return MqttConnectResult.Unreachable;
            }

            if (e is MqttConnectingFailedException)
            {
                reason = "broker refused the connection: " + e.Message;
                return MqttConnectResult.ServerUnavailable;
            }

            if (e is MqttCommunicationException || Find<SocketException>(e) != null || Find<IOException>(e) != null)
            {
                reason = "broker unreachable: " + Innermost(e).Message;
                return MqttConnectResult.Unreachable;
            }

            throw new InvalidOperationException("unexpected failure while connecting to the broker", e);
        }

        private static T Find<T>(Exception e)
            where T : Exception
        {
            for (Exception x = e; x != null; x = x.InnerException)
            {
                if (x is T found)
                {
                    return found;
                }
            }

            return null;
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }

        /// <summary>Secrets never reach an error text, whatever a library put in its exception message.</summary>
        private static string Redact(string text, MqttConnectOptions options)
        {
            foreach (string secret in new[] { options.Password, options.ClientKeyPem })
            {
                if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
                {
                    text = text.Replace(secret, "***", StringComparison.Ordinal);
                }
            }

            return text;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (qos < 0 || qos > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(qos), "QoS 0 or 1");
            }

            IMqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                LastError = "not connected";
                return -1;
            }

            byte[] copy = new byte[count];
            Buffer.BlockCopy(payload, offset, copy, 0, count);
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(copy)
                .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
                .WithRetainFlag(retain)
                .Build();
            int token = qos == 1 ? Interlocked.Increment(ref _nextToken) : 0;
            Task<MqttClientPublishResult> send;
            try
            {
                send = client.PublishAsync(message, CancellationToken.None);
            }
            catch (Exception e)
            {
                LastError = "publish failed: " + e.Message;
                return -1;
            }

            if (qos == 1)
            {
                // The task completes when the PUBACK arrives; a lost connection faults it instead.
                send.ContinueWith(
                    t =>
                    {
                        if (t.Status == TaskStatus.RanToCompletion && t.Result.IsSuccess)
                        {
                            _acknowledged.Add(token);
                        }
                    },
                    TaskScheduler.Default);
            }

            return token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            return _acknowledged.TryTake(out int token, Math.Max(0, timeoutMilliseconds)) ? token : 0;
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            IMqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                LastError = "not connected";
                return false;
            }

            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(timeoutMilliseconds);
                MqttClientSubscribeResult result = client.SubscribeAsync(
                    _factory.CreateSubscribeOptionsBuilder()
                        .WithTopicFilter(topicFilter, (MqttQualityOfServiceLevel)qos)
                        .Build(),
                    timeout.Token).GetAwaiter().GetResult();
                foreach (MqttClientSubscribeResultItem item in result.Items)
                {
                    if ((int)item.ResultCode > 2)
                    {
                        LastError = "subscription refused: " + item.ResultCode;
                        return false;
                    }
                }

                return true;
            }
            catch (Exception e)
            {
                LastError = "subscribe failed: " + e.Message;
                return false;
            }
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            if (!_inbound.TryTake(out Inbound inbound, Math.Max(0, timeoutMilliseconds)))
            {
                return false;
            }

            message.Set(inbound.Topic, inbound.Payload, 0, inbound.Payload.Length, inbound.Retained);
            return true;
        }

        public void Disconnect()
        {
            IMqttClient client = _client;
            if (client != null && client.IsConnected)
            {
                try
                {
                    using CancellationTokenSource timeout = new CancellationTokenSource(2000);
                    client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    LastError = "disconnect: " + e.Message;
                }
            }

            CloseClient();
        }

        public void Dispose()
        {
            CloseClient();
        }

        private void CloseClient()
        {
            Interlocked.Increment(ref _generation);
            _client?.Dispose();
            _client = null;
            while (_acknowledged.TryTake(out _))
            {
            }
        }

        private static MqttConnectResult MapRefusal(MqttClientConnectResultCode code)
        {
            switch (code)
            {
                case MqttClientConnectResultCode.UnsupportedProtocolVersion:
                    return MqttConnectResult.UnacceptableProtocolVersion;
                case MqttClientConnectResultCode.ClientIdentifierNotValid:
                    return MqttConnectResult.IdentifierRejected;
                case MqttClientConnectResultCode.BadUserNameOrPassword:
                    return MqttConnectResult.BadUserNameOrPassword;
                case MqttClientConnectResultCode.NotAuthorized:
                    return MqttConnectResult.NotAuthorized;
                default:
                    return MqttConnectResult.ServerUnavailable;
            }
        }

        private sealed record Inbound(string Topic, byte[] Payload, bool Retained);
    }
}
