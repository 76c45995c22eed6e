using System;
using System.IO;
using System.Threading;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// The certificates the TLS and broker-login tests need, made once for the test run (<see cref="Shared"/>) and
    /// deleted when it ends: the pinned CA and a foreign one, a broker certificate for the loopback address, one for
    /// another host, one that expired in 2020, and a client certificate for mutual TLS. Paths are without extension
    /// (.crt and .key beside each other). The tests only read them, so every class can share one set.
    /// </summary>
    public sealed class BrokerCertificates : IDisposable
    {
        private static readonly Lazy<BrokerCertificates> ForRun = new Lazy<BrokerCertificates>(CreateForRun, LazyThreadSafetyMode.ExecutionAndPublication);

        private BrokerCertificates(string name, string clientName)
        {
            DateTime now = DateTime.UtcNow;
            Ca = TestPki.Create(name);
            OtherCa = TestPki.Create("Other");
            Server = Ca.IssueServer("broker", "IP:127.0.0.1,DNS:localhost", now.AddHours(-1), now.AddDays(1));
            WrongHost = Ca.IssueServer("elsewhere", "DNS:broker.invalid", now.AddHours(-1), now.AddDays(1));
            Expired = Ca.IssueServer("expired", "IP:127.0.0.1,DNS:localhost",
                new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2020, 2, 1, 0, 0, 0, DateTimeKind.Utc));
            Client = Ca.IssueClient(clientName, now.AddHours(-1), now.AddDays(1));
        }

        /// <summary>The test run's certificates, made at the first use (openssl) and deleted when the run's process exits.</summary>
        public static BrokerCertificates Shared => ForRun.Value;

        public TestPki Ca { get; }

        public TestPki OtherCa { get; }

        public string Server { get; }

        public string WrongHost { get; }

        public string Expired { get; }

        public string Client { get; }

        public string ClientCertificateFile => Client + ".crt";

        public string ClientKeyFile => Client + ".key";

        public string ClientCertificatePem => File.ReadAllText(ClientCertificateFile);

        public string ClientKeyPem => File.ReadAllText(ClientKeyFile);

        /// <summary>
        /// mosquitto's TLS settings for the listener above them: the pinned CA, <paramref name="certificate"/> as the
        /// broker's, and a client certificate required when <paramref name="requireClientCertificate"/>.
        /// </summary>
        public string MosquittoTls(string certificate, bool requireClientCertificate)
        {
            return $"cafile {Ca.CaCertificateFile}\ncertfile {certificate}.crt\nkeyfile {certificate}.key\n"
                + (requireClientCertificate ? "require_certificate true\n" : string.Empty);
        }

        /// <summary>A TLS listener of its own on <paramref name="port"/> of the loopback, with <see cref="MosquittoTls"/>'s settings.</summary>
        public string MosquittoTlsListener(int port, string certificate, bool requireClientCertificate)
        {
            return $"listener {port} 127.0.0.1\n" + MosquittoTls(certificate, requireClientCertificate);
        }

        public void Dispose()
        {
            Ca.Dispose();
            OtherCa.Dispose();
        }

        private static BrokerCertificates CreateForRun()
        {
            BrokerCertificates certificates = new BrokerCertificates("Broker Test", "twin-1");
            AppDomain.CurrentDomain.ProcessExit += (sender, e) => certificates.Dispose();
            return certificates;
        }
    }
}
