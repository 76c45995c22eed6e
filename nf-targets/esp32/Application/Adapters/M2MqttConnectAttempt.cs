using System;
using System.Net.Sockets;
using System.Threading;
using Firmware.Ports;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// One blocking M2Mqtt connect, run on a worker thread so the caller can give up on it: M2Mqtt waits
    /// for the CONNACK for a fixed 30 s, after a TCP connect and TLS handshake it does not time itself.
    /// <see cref="Done"/> is set as soon as the outcome is known; the client is closed afterwards on this
    /// thread when the connect failed, and also when it succeeded after the caller had given up, so no
    /// forgotten connection stays open.
    /// </summary>
    internal sealed class M2MqttConnectAttempt
    {
        private readonly object _lock = new object();
        private readonly MqttClient _client;
        private readonly MqttConnectOptions _options;
        private readonly string _willMessage;
        private bool _finished;
        private bool _abandoned;

        /// <param name="willMessage">The will payload as text (M2Mqtt sends the will as a string), or null for no will.</param>
        public M2MqttConnectAttempt(MqttClient client, MqttConnectOptions options, string willMessage)
        {
            _client = client;
            _options = options;
            _willMessage = willMessage;
            Done = new ManualResetEvent(false);
            Result = MqttConnectResult.Timeout;
        }

        /// <summary>Set once <see cref="Result"/> and <see cref="Error"/> are final.</summary>
        public ManualResetEvent Done { get; }

        public MqttConnectResult Result { get; private set; }

        /// <summary>Why the connect failed, or null when it was accepted.</summary>
        public string Error { get; private set; }

        public void Run()
        {
            MqttConnectResult result;
            string error = null;
            try
            {
                bool will = _options.WillTopic != null;
                MqttReasonCode code = _client.Connect(
                    _options.ClientId,
                    _options.UserName,
                    _options.Password,
                    will && _options.WillRetain,
                    _options.WillQos == 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce,
                    will,
                    _options.WillTopic,
                    _willMessage,
                    _options.CleanSession,
                    (ushort)_options.KeepAliveSeconds);
                result = Map(code);
                if (result != MqttConnectResult.Accepted)
                {
                    error = "broker refused the connection (CONNACK " + ((int)code).ToString() + ")";
                }
            }
            catch (MqttConnectionException e)
            {
                // M2Mqtt wraps socket errors in a message that carries the error code; anything else
                // failing in its channel connect with TLS on is the handshake.
                if (e.InnerException is SocketException || !_options.UseTls)
                {
                    result = MqttConnectResult.Unreachable;
                    error = "broker unreachable: " + Describe(e);
                }
                else
                {
                    result = MqttConnectResult.TlsFailure;
                    error = "TLS handshake failed: " + Describe(e);
                }
            }
            catch (MqttCommunicationException e)
            {
                if (e.InnerException == null)
                {
                    result = MqttConnectResult.Timeout;
                    error = "no CONNACK within M2Mqtt's fixed 30 s";
                }
                else
                {
                    result = MqttConnectResult.Unreachable;
                    error = "connection lost while connecting: " + Describe(e);
                }
            }
            catch (MqttClientException e)
            {
                result = MqttConnectResult.InvalidOptions;
                error = "M2Mqtt refused the connect options (client error " + ((int)e.ErrorCode).ToString() + ")";
            }
            catch (Exception e)
            {
                result = MqttConnectResult.Unreachable;
                error = "connect failed: " + Describe(e);
            }

            bool close;
            lock (_lock)
            {
                Result = result;
                Error = error;
                _finished = true;
                close = _abandoned || result != MqttConnectResult.Accepted;
            }

            Done.Set();
            if (close)
            {
                _client.Close();
            }
        }

        /// <summary>The caller no longer waits: the client is closed however the connect ends.</summary>
        public void Abandon()
        {
            bool close;
            lock (_lock)
            {
                _abandoned = true;
                close = _finished && Result == MqttConnectResult.Accepted;
            }

            if (close)
            {
                _client.Close();
            }
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

        private static string Describe(Exception e)
        {
            return e.InnerException == null ? e.Message : e.Message + " (" + e.InnerException.Message + ")";
        }
    }
}
