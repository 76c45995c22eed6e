using Firmware.Ports;

namespace Firmware.Uplink
{
    /// <summary>Names of connect results for messages (an enum formatted as text differs between device and desktop).</summary>
    public static class MqttResultText
    {
        public static string Describe(MqttConnectResult result)
        {
            switch (result)
            {
                case MqttConnectResult.Accepted:
                    return "accepted";
                case MqttConnectResult.UnacceptableProtocolVersion:
                    return "refused (protocol version)";
                case MqttConnectResult.IdentifierRejected:
                    return "refused (client identifier)";
                case MqttConnectResult.ServerUnavailable:
                    return "refused (server unavailable)";
                case MqttConnectResult.BadUserNameOrPassword:
                    return "refused (bad user name or password)";
                case MqttConnectResult.NotAuthorized:
                    return "refused (not authorized)";
                case MqttConnectResult.Unreachable:
                    return "unreachable";
                case MqttConnectResult.Timeout:
                    return "timeout";
                case MqttConnectResult.TlsFailure:
                    return "TLS failure";
                case MqttConnectResult.InvalidOptions:
                    return "invalid options";
                default:
                    return "result " + ((int)result).ToString();
            }
        }
    }
}
