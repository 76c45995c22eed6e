using System;
using System.Buffers;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Hardware;
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
    /// <para>
    /// With a device clock (the twin's), every timeout is device time: a wait gives an answer on its way a short grace
    /// in real time, and the rest of the timeout then passes on the clock, as fast as the twin's speed lets a sleep
    /// pass. A PUBACK that does not come within its grace is asked after: the broker answers a PINGREQ after the
    /// PUBACKs of everything sent before it, so a PINGRESP without the PUBACK means it was lost (not slow), and the rest
    /// of the wait passes in device time. A lost PUBACK thus costs its timeout in device time, not in real time.
    /// </para>
    /// </summary>
    public sealed class MqttNetLink : IMqttLink, IDisposable
    {
        private const int InboundLimit = 256;

        /// <summary>Real time an answer on the loopback gets before a wait passes the rest of its timeout in device time (PUBACK, a received message).</summary>
        public const int DefaultAnswerGraceMilliseconds = 25;

        /// <summary>Real time a connect (TCP, TLS handshake, CONNACK), a subscription or a PINGREQ gets before the rest of its timeout passes in device time.</summary>
        public const int DefaultRequestGraceMilliseconds = 3000;

        private readonly IClock _deviceClock;

        private readonly MqttClientFactory _factory = new MqttClientFactory();
        private readonly HandOffQueue<int> _acknowledged = new HandOffQueue<int>();
        private readonly HandOffQueue<Inbound> _inbound = new HandOffQueue<Inbound>(InboundLimit);
        private readonly ManualResetEventSlim _finished = new ManualResetEventSlim(false, 0);
        private readonly ManualResetEventSlim _arrived = new ManualResetEventSlim(false, 0);
        private volatile bool _answersDue;
        private IMqttClient _client;
        private int _nextToken;
        private int _generation;

        /// <summary>A link whose timeouts are real time.</summary>
        public MqttNetLink()
        {
        }

        /// <summary>A link whose timeouts are device time on <paramref name="deviceClock"/> (see the class).</summary>
        /// <param name="answerGraceMilliseconds">Real time a PUBACK or an incoming message gets (more with added latency).</param>
        /// <param name="requestGraceMilliseconds">Real time a connect, a subscription or a PINGREQ gets.</param>
        public MqttNetLink(IClock deviceClock, int answerGraceMilliseconds = DefaultAnswerGraceMilliseconds, int requestGraceMilliseconds = DefaultRequestGraceMilliseconds)
        {
            _deviceClock = deviceClock ?? throw new ArgumentNullException(nameof(deviceClock));
            AnswerGraceMilliseconds = answerGraceMilliseconds;
            RequestGraceMilliseconds = requestGraceMilliseconds;
        }

        public int AnswerGraceMilliseconds { get; } = int.MaxValue;

        public int RequestGraceMilliseconds { get; } = int.MaxValue;

        /// <summary>Connects the broker accepted.</summary>
        public int Accepted { get; private set; }

        /// <summary>PUBACK waits that found the PUBACK lost and passed the rest of their timeout in device time.</summary>
        public int PubacksFoundLost { get; private set; }

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

            long start = DeviceNow();
            try
            {
                MqttConnectResult result = Connect(options, tls, RealWait(timeoutMilliseconds, RequestGraceMilliseconds), timeoutMilliseconds);
                if (result == MqttConnectResult.Timeout)
                {
                    PassRest(start, timeoutMilliseconds);
                }

                return result;
            }
            finally
            {
                tls?.Dispose();
            }
        }

        private MqttConnectResult Connect(MqttConnectOptions options, PinnedTls tls, int realTimeoutMilliseconds, int timeoutMilliseconds)
        {
            MqttClientOptionsBuilder builder = _factory.CreateClientOptionsBuilder()
                .WithTcpServer(options.Host, options.Port)
                .WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId(options.ClientId)
                .WithCleanSession(options.CleanSession)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
                .WithTimeout(TimeSpan.FromMilliseconds(realTimeoutMilliseconds));
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

                    _arrived.Set();
                }

                return Task.CompletedTask;
            };
            client.DisconnectedAsync += e =>
            {
                // A wait for a message ends: nothing more comes on this connection.
                if (generation == Volatile.Read(ref _generation))
                {
                    _arrived.Set();
                }

                return Task.CompletedTask;
            };

            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(realTimeoutMilliseconds);
                MqttClientConnectResult result = Finish(client.ConnectAsync(builder.Build(), timeout.Token));
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    client.Dispose();
                    LastError = BrokerFailure.Refusal(result.ResultCode, options.Host, options.Port);
                    return MapRefusal(result.ResultCode);
                }

                _client = client;
                _answersDue = true;
                SessionPresent = result.IsSessionPresent;
                LastError = null;
                Accepted++;
                return MqttConnectResult.Accepted;
            }
            catch (Exception e)
            {
                client.Dispose();
                MqttConnectResult failure = Classify(e, tls, options, timeoutMilliseconds, out string reason);
                LastError = Redact(reason, options);
                return failure;
            }
        }

        /// <summary>Names a failed connect: TLS problems first (with the certificate check's own reason), then timeouts, refusals and unreachable brokers.</summary>
        private static MqttConnectResult Classify(Exception e, PinnedTls tls, MqttConnectOptions options, int timeoutMilliseconds, out string reason)
        {
            if (tls != null && tls.Refusal != null)
            {
                reason = "TLS: " + tls.Refusal;
                return MqttConnectResult.TlsFailure;
            }

            string where = BrokerFailure.Endpoint(options.Host, options.Port);
            if (e is OperationCanceledException || e is MqttCommunicationTimedOutException)
            {
                reason = "no CONNACK from " + where + " within " + timeoutMilliseconds + " ms";
                return MqttConnectResult.Timeout;
            }

            if (tls != null)
            {
                string notTls = "TLS: the handshake with " + where + " failed (the connection closed during it: is " + where + " a TLS listener?)";
                AuthenticationException handshake = BrokerFailure.Find<AuthenticationException>(e);
                if (handshake != null)
                {
                    reason = BrokerFailure.Find<SocketException>(e) != null || BrokerFailure.Find<IOException>(handshake) != null
                        ? notTls : "TLS: the handshake with " + where + " failed (no common protocol version or cipher suite, or a malformed certificate)";
                    return MqttConnectResult.TlsFailure;
                }

                SocketException closed = BrokerFailure.Find<SocketException>(e);
                if (!tls.ServerAccepted && (closed == null ? BrokerFailure.Find<IOException>(e) != null
                    : closed.SocketErrorCode == SocketError.ConnectionReset || closed.SocketErrorCode == SocketError.ConnectionAborted))
                {
                    // Connected, then closed before any certificate came: a listener that does not speak TLS (mosquitto
                    // resets the connection at the first byte of a ClientHello), as a board's TLS stack reports it.
                    reason = notTls;
                    return MqttConnectResult.TlsFailure;
                }

                if (tls.ServerAccepted)
                {
                    // TLS 1.3 finishes the client's side of the handshake before the broker checks the client's
                    // certificate; a broker that refuses it then closes the session before CONNACK.
                    reason = "TLS: the broker closed the session before CONNACK: it requires a client certificate"
                        + (tls.HasClientCertificate ? " and refused the one offered" : " and none was configured");
                    return MqttConnectResult.TlsFailure;
                }
            }

            if (e is MqttConnectingFailedException && BrokerFailure.Find<SocketException>(e) == null)
            {
                // The transport closed before a CONNACK (a broker going down, a proxy resetting): not a refusal.
                reason = "broker unreachable: " + where + " closed the connection before CONNACK";
                return MqttConnectResult.Unreachable;
            }

            if (e is MqttCommunicationException || BrokerFailure.Find<SocketException>(e) != null || BrokerFailure.Find<IOException>(e) != null)
            {
                reason = "broker unreachable: " + BrokerFailure.Transport(e, options.Host, options.Port);
                return MqttConnectResult.Unreachable;
            }

            throw new InvalidOperationException("unexpected failure while connecting to the broker", e);
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
            catch (Exception e) when (e is MqttCommunicationException || e is IOException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                LastError = "publish: not sent, the connection was lost";
                return -1;
            }

            if (qos == 1)
            {
                // The task completes when the PUBACK arrives; a lost connection faults it instead. The token is queued
                // on the thread that completes it (an add that never blocks), not on a pool thread of its own: one hop
                // between threads fewer per PUBACK.
                send.ContinueWith(
                    t =>
                    {
                        if (t.Status == TaskStatus.RanToCompletion && t.Result.IsSuccess)
                        {
                            _acknowledged.TryAdd(token);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            return token;
        }

        public int WaitForAcknowledgement(int timeoutMilliseconds)
        {
            if (_deviceClock == null)
            {
                return TakeAcknowledgement(timeoutMilliseconds);
            }

            long start = DeviceNow();
            int token = TakeAcknowledgement(Math.Min(timeoutMilliseconds, AnswerGraceMilliseconds));
            if (token != 0 || !IsConnected)
            {
                return token;
            }

            if (Ping(RealWait(Left(start, timeoutMilliseconds), RequestGraceMilliseconds)))
            {
                // Whatever the broker sent before its PINGRESP is in: a PUBACK among it is queued within moments.
                token = TakeAcknowledgement(Math.Min(Left(start, timeoutMilliseconds), AnswerGraceMilliseconds));
                if (token != 0)
                {
                    return token;
                }
            }

            if (!IsConnected)
            {
                return 0;
            }

            PubacksFoundLost++;
            PassRest(start, timeoutMilliseconds);
            return TakeAcknowledgement(0);
        }

        /// <summary>Takes a PUBACK's token, waiting up to the timeout in real time; 0 when none came or the connection is gone.</summary>
        private int TakeAcknowledgement(int timeoutMilliseconds)
        {
            // In slices, so a lost connection ends the wait at once (its PUBACKs will never come).
            long deadline = Environment.TickCount64 + Math.Max(0, timeoutMilliseconds);
            while (true)
            {
                long left = deadline - Environment.TickCount64;
                if (_acknowledged.TryTake(out int token, (int)Math.Clamp(left, 0, 20)))
                {
                    return token;
                }

                if (left <= 0 || !IsConnected)
                {
                    return 0;
                }
            }
        }

        /// <summary>A PINGREQ answered within the real timeout.</summary>
        private bool Ping(int realTimeoutMilliseconds)
        {
            IMqttClient client = _client;
            if (client == null || realTimeoutMilliseconds <= 0)
            {
                return false;
            }

            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(realTimeoutMilliseconds);
                Finish(client.PingAsync(timeout.Token));
                return true;
            }
            catch (Exception e) when (e is OperationCanceledException || e is MqttCommunicationException || e is IOException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>
        /// Waits for a task of the client without spinning (a blocking wait on a task spins and yields first, which with
        /// many devices on few cores only steals time from the work that would complete it) and gives its result.
        /// </summary>
        private T Finish<T>(Task<T> task)
        {
            Finish((Task)task);
            return task.Result;
        }

        private void Finish(Task task)
        {
            if (!task.IsCompleted)
            {
                _finished.Reset();
                task.ContinueWith(static (_, done) => ((ManualResetEventSlim)done).Set(), _finished, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                _finished.Wait();
            }

            task.GetAwaiter().GetResult();
        }

        /// <summary>The device's uptime, or 0 without a device clock.</summary>
        private long DeviceNow() => _deviceClock?.UptimeMilliseconds ?? 0;

        /// <summary>What is left of a timeout begun at <paramref name="start"/> (device time; the whole timeout without a device clock).</summary>
        private int Left(long start, int timeoutMilliseconds) => (int)Math.Max(0, timeoutMilliseconds - (DeviceNow() - start));

        /// <summary>The real time a wait of <paramref name="timeoutMilliseconds"/> may take: all of it without a device clock, else at most the grace.</summary>
        private int RealWait(int timeoutMilliseconds, int graceMilliseconds) => _deviceClock == null ? timeoutMilliseconds : Math.Min(timeoutMilliseconds, graceMilliseconds);

        /// <summary>Lets the rest of a timeout begun at <paramref name="start"/> pass on the device clock (at the twin's speed).</summary>
        private void PassRest(long start, int timeoutMilliseconds)
        {
            int left = Left(start, timeoutMilliseconds);
            if (_deviceClock != null && left > 0)
            {
                _deviceClock.Sleep(left);
            }
        }

        public bool Subscribe(string topicFilter, int qos, int timeoutMilliseconds)
        {
            IMqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                LastError = "not connected";
                return false;
            }

            long start = DeviceNow();
            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(RealWait(timeoutMilliseconds, RequestGraceMilliseconds));
                MqttClientSubscribeResult result = Finish(client.SubscribeAsync(
                    _factory.CreateSubscribeOptionsBuilder()
                        .WithTopicFilter(topicFilter, (MqttQualityOfServiceLevel)qos)
                        .Build(),
                    timeout.Token));
                foreach (MqttClientSubscribeResultItem item in result.Items)
                {
                    if ((int)item.ResultCode > 2)
                    {
                        LastError = "subscription refused: " + item.ResultCode;
                        return false;
                    }
                }

                _answersDue = true;
                return true;
            }
            catch (OperationCanceledException)
            {
                PassRest(start, timeoutMilliseconds);
                LastError = "subscribe: no SUBACK within " + timeoutMilliseconds + " ms";
                return false;
            }
            catch (Exception e) when (e is MqttCommunicationException || e is IOException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                LastError = "subscribe: the connection was lost";
                return false;
            }
        }

        public bool Receive(MqttMessage message, int timeoutMilliseconds)
        {
            if (!_inbound.TryTake(out Inbound inbound) && !WaitForInbound(timeoutMilliseconds, out inbound))
            {
                return false;
            }

            message.Set(inbound.Topic, inbound.Payload, 0, inbound.Payload.Length, inbound.Retained);
            return true;
        }

        /// <summary>
        /// Waits up to the timeout for a message and takes it. Without a device clock the wait is real time. With one, the
        /// first wait after a connect or a subscription gives the broker's answers on their way (the messages a persistent
        /// session queued, the retained ones) a grace in real time; after that nothing is on its way, and the wait is
        /// device time that a message, or the connection's loss, ends early (<see cref="ITwinClock.SleepUnlessSet"/>: a mains device
        /// between samples blocks here until its next sample, at no cost in real time).
        /// </summary>
        private bool WaitForInbound(int timeoutMilliseconds, out Inbound inbound)
        {
            inbound = null;
            if (timeoutMilliseconds <= 0)
            {
                return false;
            }

            if (_deviceClock == null)
            {
                return _inbound.TryTake(out inbound, timeoutMilliseconds);
            }

            long start = DeviceNow();
            if (_answersDue)
            {
                _answersDue = false;
                if (_inbound.TryTake(out inbound, Math.Min(timeoutMilliseconds, AnswerGraceMilliseconds)))
                {
                    return true;
                }
            }

            int left = Left(start, timeoutMilliseconds);
            if (left > 0 && IsConnected)
            {
                // Reset before the look at the queue: a message added after the look sets it again.
                _arrived.Reset();
                if (_inbound.Count == 0 && IsConnected)
                {
                    if (_deviceClock is ITwinClock clock)
                    {
                        clock.SleepUnlessSet(_arrived, left);
                    }
                    else
                    {
                        _deviceClock.Sleep(left);
                    }
                }
            }

            return _inbound.TryTake(out inbound);
        }

        public void Disconnect()
        {
            IMqttClient client = _client;
            if (client != null && client.IsConnected)
            {
                try
                {
                    using CancellationTokenSource timeout = new CancellationTokenSource(2000);
                    Finish(client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token));
                }
                catch (Exception e) when (e is OperationCanceledException || e is MqttCommunicationException || e is IOException || e is ObjectDisposedException)
                {
                    LastError = "disconnect: the connection was already gone";
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
            _acknowledged.Clear();
        }

        /// <summary>The port's result for a CONNACK that refused the session.</summary>
        internal static MqttConnectResult MapRefusal(MqttClientConnectResultCode code)
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
