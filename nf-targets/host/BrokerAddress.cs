using System;

namespace Firmware.Host
{
    /// <summary>A broker given on the command line: mqtt://HOST[:PORT] (plain, port 1883) or mqtts://HOST[:PORT] (TLS, port 8883).</summary>
    public sealed class BrokerAddress
    {
        public const int PlainPort = 1883;

        public const int TlsPort = 8883;

        private BrokerAddress(string host, int port, bool tls)
        {
            Host = host;
            Port = port;
            Tls = tls;
        }

        public string Host { get; }

        public int Port { get; }

        /// <summary>True for mqtts://: the device connects over TLS with its pinned CA.</summary>
        public bool Tls { get; }

        /// <summary>Parses a broker URL; null with a reason (naming --broker) when it is not one.</summary>
        public static BrokerAddress Parse(string text, out string error)
        {
            error = null;
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri uri) || (uri.Scheme != "mqtt" && uri.Scheme != "mqtts") || string.IsNullOrEmpty(uri.Host))
            {
                error = $"--broker must look like mqtt://host:port or mqtts://host:port (TLS), not '{text}'";
                return null;
            }

            if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                error = $"--broker takes a scheme, a host and a port only (credentials go in --user-name and --password), not '{text}'";
                return null;
            }

            if (!uri.IsDefaultPort && (uri.Port < 1 || uri.Port > 65535))
            {
                error = $"--broker needs a port 1 to 65535, not {uri.Port} in '{text}'";
                return null;
            }

            bool tls = uri.Scheme == "mqtts";
            int port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? TlsPort : PlainPort) : uri.Port;
            return new BrokerAddress(uri.IdnHost.Trim('[', ']'), port, tls);
        }

        public override string ToString() => $"{(Tls ? "mqtts" : "mqtt")}://{(Host.Contains(':') ? "[" + Host + "]" : Host)}:{Port}";
    }
}
