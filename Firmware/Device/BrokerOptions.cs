using Firmware.Ports;

namespace Firmware.Device
{
    /// <summary>How a configuration reaches its broker: the address, TLS with its pinned CA and client certificate, the login.</summary>
    public static class BrokerOptions
    {
        /// <summary>Sets <paramref name="options"/>' broker, TLS and login from <paramref name="config"/>; the client id is the device's id.</summary>
        public static void Fill(MqttConnectOptions options, DeviceConfig config)
        {
            options.Host = config.BrokerHost;
            options.Port = config.BrokerPort;
            options.ClientId = config.DeviceId;
            options.UseTls = config.UseTls;
            options.CaCertificatePem = config.CaCertificate;
            options.ClientCertificatePem = config.ClientCertificate;
            options.ClientKeyPem = config.ClientKey;
            options.UserName = config.UserName;
            options.Password = config.Password;
        }
    }
}
