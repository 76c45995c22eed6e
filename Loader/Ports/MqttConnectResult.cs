namespace Firmware.Ports
{
    /// <summary>
    /// Outcome of <see cref="IMqttLink.Connect"/>. Values 0 to 5 are the MQTT 3.1.1 CONNACK return codes;
    /// the others are failures before a CONNACK arrived.
    /// </summary>
    public enum MqttConnectResult
    {
        Accepted = 0,
        UnacceptableProtocolVersion = 1,
        IdentifierRejected = 2,
        ServerUnavailable = 3,
        BadUserNameOrPassword = 4,
        NotAuthorized = 5,

        /// <summary>The broker could not be reached (no route, refused, DNS).</summary>
        Unreachable = 100,

        /// <summary>No CONNACK within the timeout.</summary>
        Timeout = 101,

        /// <summary>The TLS handshake failed: unknown CA, wrong host name, expired or refused certificate.</summary>
        TlsFailure = 102,

        /// <summary>The options were not usable (for example a malformed certificate).</summary>
        InvalidOptions = 103,
    }
}
