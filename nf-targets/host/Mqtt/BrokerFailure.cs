using System;
using System.IO;
using System.Net.Sockets;
using MQTTnet;

namespace Firmware.Host.Mqtt
{
    /// <summary>
    /// Why a broker could not be used, in the twin's words: which host and port, and whether it refused the connection,
    /// could not be reached, closed it, or refused the login (with the CONNACK code). Library and system texts never
    /// reach the reader: they name neither the host nor the step.
    /// </summary>
    public static class BrokerFailure
    {
        /// <summary>A connection that failed below MQTT (TCP), as "HOST:PORT refused the connection" and the like.</summary>
        public static string Transport(Exception e, string host, int port)
        {
            string where = Endpoint(host, port);
            SocketException socket = Find<SocketException>(e);
            if (socket != null)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused:
                        return where + " refused the connection (no broker listens there)";
                    case SocketError.HostNotFound:
                    case SocketError.NoData:
                    case SocketError.TryAgain:
                        return "no host named '" + host + "' (the name does not resolve)";
                    case SocketError.TimedOut:
                        return where + " did not answer";
                    case SocketError.HostUnreachable:
                    case SocketError.NetworkUnreachable:
                    case SocketError.NetworkDown:
                        return where + " is unreachable from here (no route)";
                    case SocketError.ConnectionReset:
                    case SocketError.ConnectionAborted:
                    case SocketError.Shutdown:
                        return where + " closed the connection";
                    case SocketError.AddressNotAvailable:
                        return where + " is not an address this machine can connect to";
                    default:
                        return where + " could not be reached (socket error " + socket.SocketErrorCode + ")";
                }
            }

            if (Find<IOException>(e) != null || Find<ObjectDisposedException>(e) != null)
            {
                return where + " closed the connection";
            }

            return where + " could not be reached";
        }

        /// <summary>A CONNACK that refused the session, with the MQTT 3.1.1 return code.</summary>
        public static string Refusal(MqttClientConnectResultCode code, string host, int port)
        {
            string where = Endpoint(host, port);
            return code switch
            {
                MqttClientConnectResultCode.UnsupportedProtocolVersion => where + " refused the session: unacceptable protocol version (CONNACK 1: it does not speak MQTT 3.1.1)",
                MqttClientConnectResultCode.ClientIdentifierNotValid => where + " refused the session: identifier rejected (CONNACK 2)",
                MqttClientConnectResultCode.ServerUnavailable => where + " refused the session: server unavailable (CONNACK 3)",
                MqttClientConnectResultCode.BadUserNameOrPassword => where + " refused the login: bad user name or password (CONNACK 4)",
                MqttClientConnectResultCode.NotAuthorized => where + " refused the login: not authorized (CONNACK 5)",
                _ => where + " refused the session (" + code + ")",
            };
        }

        public static string Endpoint(string host, int port) => (host.Contains(':') ? "[" + host + "]" : host) + ":" + port;

        public static T Find<T>(Exception e)
            where T : Exception
        {
            for (Exception x = e; x != null; x = x.InnerException)
            {
                if (x is T found)
                {
                    return found;
                }

                if (x is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
                {
                    T inner = Find<T>(aggregate.InnerExceptions[0]);
                    if (inner != null)
                    {
                        return inner;
                    }
                }
            }

            return null;
        }
    }
}
