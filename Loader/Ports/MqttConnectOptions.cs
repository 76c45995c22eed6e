namespace Firmware.Ports
{
    /// <summary>What <see cref="IMqttLink.Connect"/> needs to open a session. Plain data, set by the core.</summary>
    public sealed class MqttConnectOptions
    {
        public MqttConnectOptions()
        {
            Port = 1883;
            KeepAliveSeconds = 60;
            WillQos = 1;
        }

        public string Host { get; set; }

        public int Port { get; set; }

        public string ClientId { get; set; }

        /// <summary>Optional; null for none.</summary>
        public string UserName { get; set; }

        /// <summary>Optional; never logged.</summary>
        public string Password { get; set; }

        /// <summary>False keeps a persistent session, so the broker queues QoS 1 commands while the device sleeps.</summary>
        public bool CleanSession { get; set; }

        public int KeepAliveSeconds { get; set; }

        /// <summary>Last-will topic, or null for no will.</summary>
        public string WillTopic { get; set; }

        public byte[] WillPayload { get; set; }

        public bool WillRetain { get; set; }

        public int WillQos { get; set; }

        /// <summary>Use TLS; never falls back to plain TCP when the handshake fails.</summary>
        public bool UseTls { get; set; }

        /// <summary>PEM of the CA that must have signed the broker's certificate (pinned), or null.</summary>
        public string CaCertificatePem { get; set; }

        /// <summary>PEM of the client certificate for mutual TLS, or null.</summary>
        public string ClientCertificatePem { get; set; }

        /// <summary>PEM of the client certificate's private key, or null. Never logged.</summary>
        public string ClientKeyPem { get; set; }
    }
}
