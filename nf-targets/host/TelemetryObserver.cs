using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Mqtt;
using Firmware.Ports;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Firmware.Host
{
    /// <summary>
    /// An independent subscriber on the device's telemetry topic: what a receiver really got, for the run's report
    /// (delivered, duplicated, missing). It is not part of the firmware. It logs in as the device does (TLS with the
    /// pinned CA, the client certificate, the user name and password), keeps a persistent session with a QoS 1
    /// subscription, and reconnects whenever the broker goes away, so a broker restart loses it nothing the broker
    /// kept. When the session ends it connects once with a clean session, so the broker forgets it.
    /// </summary>
    public sealed class TelemetryObserver : IDisposable
    {
        /// <summary>Real time between attempts to reconnect.</summary>
        public const int ReconnectMilliseconds = 100;

        private const int ConnectTimeoutMilliseconds = 10000;

        private readonly MqttClientFactory _factory = new MqttClientFactory();
        private readonly IMqttClient _client;
        private readonly MqttConnectOptions _access;
        private readonly PinnedTls _tls;
        private readonly string _topic;
        private readonly string _clientId = "twin-observer-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly object _gate = new object();
        private readonly List<long> _sequences = new List<long>();
        private int _malformed;
        private int _reconnecting;

        private TelemetryObserver(MqttConnectOptions access, PinnedTls tls, string topic)
        {
            _access = access;
            _tls = tls;
            _topic = topic;
            _client = _factory.CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += e =>
            {
                Collect(e.ApplicationMessage.Payload.ToArray());
                return Task.CompletedTask;
            };
            _client.DisconnectedAsync += e =>
            {
                if (e.ClientWasConnected && !_stop.IsCancellationRequested)
                {
                    Disconnections++;
                    Reconnect();
                }

                return Task.CompletedTask;
            };
        }

        /// <summary>Times the broker went away while observed.</summary>
        public int Disconnections { get; private set; }

        /// <summary>Times the observer connected again (its session resumed, or subscribed anew).</summary>
        public int Reconnects { get; private set; }

        /// <summary>Times a reconnect found its session gone (a broker without persistence): messages in the gap are not seen.</summary>
        public int SessionsLost { get; private set; }

        /// <summary>Why the last reconnect attempt failed, in the twin's words, or null.</summary>
        public string LastProblem { get; private set; }

        public bool IsConnected => _client.IsConnected;

        /// <summary>Subscribes to <paramref name="topic"/> on a plain broker without a login (see the other overload).</summary>
        public static TelemetryObserver Start(string host, int port, string topic)
        {
            return Start(new MqttConnectOptions { Host = host, Port = port }, topic, out string problem)
                ?? throw new InvalidOperationException("the observer cannot use the broker: " + problem);
        }

        /// <summary>
        /// Connects with <paramref name="access"/> (host, port, TLS, credentials) and subscribes to <paramref name="topic"/>,
        /// collecting every "seq" of every SenML pack; null, and why in the twin's words, when the broker cannot be used.
        /// </summary>
        public static TelemetryObserver Start(MqttConnectOptions access, string topic, out string problem)
        {
            problem = null;
            PinnedTls tls = null;
            if (access.UseTls)
            {
                tls = PinnedTls.Create(access, out string tlsError);
                if (tls == null)
                {
                    problem = "TLS: " + tlsError;
                    return null;
                }
            }

            TelemetryObserver observer = new TelemetryObserver(access, tls, topic);
            problem = observer.TryConnect(ConnectTimeoutMilliseconds, out _);
            if (problem != null)
            {
                observer.Dispose();
                return null;
            }

            return observer;
        }

        /// <summary>Every sequence number received, in arrival order.</summary>
        public long[] Sequences
        {
            get
            {
                lock (_gate)
                {
                    return _sequences.ToArray();
                }
            }
        }

        public int Malformed => _malformed;

        /// <summary>Distinct sequence numbers received so far.</summary>
        public int Distinct
        {
            get
            {
                lock (_gate)
                {
                    return new HashSet<long>(_sequences).Count;
                }
            }
        }

        /// <summary>Waits up to <paramref name="milliseconds"/> (real time) for the observer to be connected; true when it is.</summary>
        public bool WaitConnected(int milliseconds)
        {
            return SpinWait.SpinUntil(() => _client.IsConnected, milliseconds);
        }

        /// <summary>Extracts the sequence numbers of a SenML pack; false when it is not one.</summary>
        public static bool TryReadSequences(byte[] payload, List<long> into)
        {
            return TryReadPack(payload, out _, into);
        }

        /// <summary>
        /// Extracts a SenML pack's log epoch (its "epoch" record; -1 when it has none) and its readings' sequence
        /// numbers; false when it is not a pack. A receiver identifies a reading by device, epoch and sequence.
        /// </summary>
        public static bool TryReadPack(byte[] payload, out long epoch, List<long> sequences)
        {
            // Read as a stream of tokens (every telemetry message of a fleet passes here, some more than once): no
            // document is built. The reader still checks the whole text is JSON.
            epoch = -1;
            try
            {
                Utf8JsonReader reader = new Utf8JsonReader(payload);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject || !TryReadRecord(ref reader, out string name, out bool hasValue, out long value, out bool integer))
                    {
                        return false;
                    }

                    if (name == "seq" || name == "epoch")
                    {
                        if (!hasValue || !integer)
                        {
                            return false;
                        }

                        if (name == "seq")
                        {
                            sequences.Add(value);
                        }
                        else
                        {
                            epoch = value;
                        }
                    }
                }

                // Nothing may follow the pack.
                return reader.TokenType == JsonTokenType.EndArray && !reader.Read();
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>
        /// One record of a pack, from its '{' to its '}': its name ("n", null without one or when null; false when it is neither text nor null)
        /// and its value ("v": <paramref name="integer"/> when it is a number that fits a long). A key given twice counts
        /// by its last value, as a parsed document reads it.
        /// </summary>
        private static bool TryReadRecord(ref Utf8JsonReader reader, out string name, out bool hasValue, out long value, out bool integer)
        {
            name = null;
            hasValue = false;
            value = 0;
            integer = false;
            bool nameIsText = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isName = reader.ValueTextEquals("n");
                bool isValue = reader.ValueTextEquals("v");
                reader.Read();
                if (isName)
                {
                    nameIsText = reader.TokenType == JsonTokenType.String || reader.TokenType == JsonTokenType.Null;
                    name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (isValue)
                {
                    hasValue = true;
                    integer = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
                }

                reader.Skip();
            }

            return nameIsText && reader.TokenType == JsonTokenType.EndObject;
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                if (_client.IsConnected)
                {
                    _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
                }

                // A clean session replaces the persistent one, and ends with its connection: the broker keeps nothing for the observer.
                if (_client.ConnectAsync(Options(cleanSession: true), timeout.Token).GetAwaiter().GetResult().ResultCode == MqttClientConnectResultCode.Success)
                {
                    _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
                }
            }
            catch (Exception)
            {
                // Best effort at shutdown: the observer holds nothing that must be saved.
            }

            _client.Dispose();
            _tls?.Dispose();
            _stop.Dispose();
        }

        /// <summary>Connects (resuming the session) and subscribes if the broker has no session; null, or what failed.</summary>
        private string TryConnect(int timeoutMilliseconds, out bool sessionPresent)
        {
            sessionPresent = false;
            string where = BrokerFailure.Endpoint(_access.Host, _access.Port);
            try
            {
                using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(timeoutMilliseconds);
                MqttClientConnectResult result = _client.ConnectAsync(Options(cleanSession: false), timeout.Token).GetAwaiter().GetResult();
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    return BrokerFailure.Refusal(result.ResultCode, _access.Host, _access.Port);
                }

                sessionPresent = result.IsSessionPresent;
                if (!sessionPresent)
                {
                    MqttClientSubscribeResult subscribed = _client.SubscribeAsync(
                        _factory.CreateSubscribeOptionsBuilder().WithTopicFilter(_topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token).GetAwaiter().GetResult();
                    foreach (MqttClientSubscribeResultItem item in subscribed.Items)
                    {
                        if ((int)item.ResultCode > 2)
                        {
                            return $"{where} refused the subscription to {_topic} ({item.ResultCode})";
                        }
                    }
                }

                return null;
            }
            catch (OperationCanceledException)
            {
                return _stop.IsCancellationRequested ? "stopped" : $"{where} did not answer within {timeoutMilliseconds / 1000} s";
            }
            catch (Exception e)
            {
                if (_tls?.Refusal != null)
                {
                    return "TLS: " + _tls.Refusal;
                }

                if (e is MQTTnet.Adapter.MqttConnectingFailedException && BrokerFailure.Find<System.Net.Sockets.SocketException>(e) == null)
                {
                    return where + " closed the connection before CONNACK" + (_access.UseTls ? " (a TLS problem, or a broker that requires a client certificate?)" : string.Empty);
                }

                return BrokerFailure.Transport(e, _access.Host, _access.Port);
            }
        }

        private MqttClientOptions Options(bool cleanSession)
        {
            MqttClientOptionsBuilder builder = _factory.CreateClientOptionsBuilder()
                .WithTcpServer(_access.Host, _access.Port)
                .WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId(_clientId)
                .WithCleanSession(cleanSession)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
                .WithTimeout(TimeSpan.FromMilliseconds(ConnectTimeoutMilliseconds));
            if (_tls != null)
            {
                builder = builder.WithTlsOptions(_tls.Build());
            }

            if (_access.UserName != null)
            {
                builder = builder.WithCredentials(_access.UserName, _access.Password);
            }

            return builder.Build();
        }

        /// <summary>Tries again and again, in the background, until connected or disposed.</summary>
        private void Reconnect()
        {
            if (Interlocked.Exchange(ref _reconnecting, 1) == 1)
            {
                return;
            }

            Task.Run(() =>
            {
                try
                {
                    while (!_stop.IsCancellationRequested && !_client.IsConnected)
                    {
                        if (_stop.Token.WaitHandle.WaitOne(ReconnectMilliseconds))
                        {
                            return;
                        }

                        string problem = TryConnect(ConnectTimeoutMilliseconds, out bool sessionPresent);
                        LastProblem = problem;
                        if (problem == null)
                        {
                            Reconnects++;
                            SessionsLost += sessionPresent ? 0 : 1;
                        }
                    }
                }
                finally
                {
                    Volatile.Write(ref _reconnecting, 0);
                }

                if (!_stop.IsCancellationRequested && !_client.IsConnected)
                {
                    // Lost again between the last attempt and the end of this one.
                    Reconnect();
                }
            });
        }

        private void Collect(byte[] payload)
        {
            List<long> found = new List<long>();
            if (!TryReadSequences(payload, found))
            {
                Interlocked.Increment(ref _malformed);
                return;
            }

            lock (_gate)
            {
                _sequences.AddRange(found);
            }
        }
    }
}
