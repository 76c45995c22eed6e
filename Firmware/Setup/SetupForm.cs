namespace Firmware.Setup
{
    /// <summary>
    /// What the setup page's form carries, as text the way it was typed; empty fields are empty strings. Checking it is
    /// the configuration's own business (<see cref="ISetupSettings.Check"/>).
    /// </summary>
    public sealed class SetupForm
    {
        public SetupForm()
        {
            Clear();
        }

        /// <summary>The network picked from the list; empty for "another network".</summary>
        public string Ssid { get; set; }

        /// <summary>The name typed for a network not in the list.</summary>
        public string OtherSsid { get; set; }

        /// <summary>A secret: never logged, never written back into a page.</summary>
        public string WifiPassword { get; set; }

        public string BrokerHost { get; set; }

        public string BrokerPort { get; set; }

        public bool Tls { get; set; }

        /// <summary>PEM of the broker's CA; empty to keep the one the device has.</summary>
        public string CaCertificate { get; set; }

        public string UserName { get; set; }

        /// <summary>A secret: never logged, never written back into a page.</summary>
        public string Password { get; set; }

        public string TopicPrefix { get; set; }

        /// <summary>The device's name in topics (its deviceId).</summary>
        public string DeviceName { get; set; }

        /// <summary>The network to join: the one typed when "another network" was chosen, else the one picked.</summary>
        public string NetworkName
        {
            get { return Ssid.Length > 0 ? Ssid : OtherSsid; }
        }

        public void Clear()
        {
            Ssid = string.Empty;
            OtherSsid = string.Empty;
            WifiPassword = string.Empty;
            BrokerHost = string.Empty;
            BrokerPort = string.Empty;
            Tls = false;
            CaCertificate = string.Empty;
            UserName = string.Empty;
            Password = string.Empty;
            TopicPrefix = string.Empty;
            DeviceName = string.Empty;
        }

        /// <summary>Copies every field but the secrets (the Wi-Fi and broker passwords stay empty).</summary>
        public void CopyWithoutSecrets(SetupForm from)
        {
            Ssid = from.Ssid;
            OtherSsid = from.OtherSsid;
            WifiPassword = string.Empty;
            BrokerHost = from.BrokerHost;
            BrokerPort = from.BrokerPort;
            Tls = from.Tls;
            CaCertificate = from.CaCertificate;
            UserName = from.UserName;
            Password = string.Empty;
            TopicPrefix = from.TopicPrefix;
            DeviceName = from.DeviceName;
        }
    }
}
