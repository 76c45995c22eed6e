using System;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// The certificates the TLS tests need, made once per test class: the pinned CA and a foreign one, a broker
    /// certificate for the loopback address, one for another host, one that expired in 2020, and a client
    /// certificate for mutual TLS. Paths are without extension (.crt and .key beside each other).
    /// </summary>
    public sealed class BrokerCertificates : IDisposable
    {
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

        public TestPki Ca { get; }

        public TestPki OtherCa { get; }

        public string Server { get; }

        public string WrongHost { get; }

        public string Expired { get; }

        public string Client { get; }

        public static BrokerCertificates Create(string name, string clientName)
        {
            return new BrokerCertificates(name, clientName);
        }

        public void Dispose()
        {
            Ca.Dispose();
            OtherCa.Dispose();
        }
    }
}
