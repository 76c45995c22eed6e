using System;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Firmware.Ports;
using MQTTnet;

namespace Firmware.Host.Mqtt
{
    /// <summary>
    /// TLS settings for one connection attempt: the pinned CA (the only trust anchor; the system's store is
    /// never consulted), the host name the broker's certificate must name, and the optional client
    /// certificate for mutual TLS. Validates the broker's certificate itself and remembers why it refused one,
    /// so the link can report the reason. Error texts never contain key material or passwords.
    /// </summary>
    public sealed class PinnedTls : IDisposable
    {
        private readonly X509Certificate2 _ca;
        private readonly X509Certificate2 _client;
        private readonly string _host;

        private PinnedTls(X509Certificate2 ca, X509Certificate2 client, string host)
        {
            _ca = ca;
            _client = client;
            _host = host;
        }

        /// <summary>Why the broker's certificate was refused, or null (it was accepted or not yet seen).</summary>
        public string Refusal { get; private set; }

        /// <summary>True once a broker certificate was checked and accepted (the handshake got that far).</summary>
        public bool ServerAccepted { get; private set; }

        public bool HasClientCertificate => _client != null;

        /// <summary>Reads the PEM texts of <paramref name="options"/>; null with a reason when they are not usable.</summary>
        public static PinnedTls Create(MqttConnectOptions options, out string error)
        {
            error = null;
            if (string.IsNullOrWhiteSpace(options.CaCertificatePem))
            {
                error = "TLS needs a pinned CA certificate (caCertificatePem); the system's trust store is never used";
                return null;
            }

            if ((options.ClientCertificatePem == null) != (options.ClientKeyPem == null))
            {
                error = "mutual TLS needs both a client certificate and its private key";
                return null;
            }

            X509Certificate2 ca;
            try
            {
                ca = X509Certificate2.CreateFromPem(options.CaCertificatePem);
            }
            catch (CryptographicException)
            {
                error = "the CA certificate is not a PEM certificate";
                return null;
            }

            X509Certificate2 client = null;
            if (options.ClientCertificatePem != null)
            {
                try
                {
                    client = X509Certificate2.CreateFromPem(options.ClientCertificatePem, options.ClientKeyPem);
                }
                catch (Exception e) when (e is CryptographicException || e is ArgumentException)
                {
                    ca.Dispose();
                    error = "the client certificate or its private key is not valid PEM, or they do not match";
                    return null;
                }
            }

            return new PinnedTls(ca, client, options.Host);
        }

        /// <summary>Applies these settings to MQTTnet's TLS options.</summary>
        public MqttClientTlsOptions Build()
        {
            MqttClientTlsOptionsBuilder builder = new MqttClientTlsOptionsBuilder()
                .UseTls(true)
                .WithTargetHost(_host)
                .WithCertificateValidationHandler(Validate)
                .WithRevocationMode(X509RevocationMode.NoCheck);
            if (_client != null)
            {
                builder = builder.WithClientCertificates(new X509Certificate2Collection(_client));
            }

            return builder.Build();
        }

        /// <summary>
        /// Accepts the broker's certificate only if it chains to the pinned CA, is valid now and names the host.
        /// The platform's own chain verdict is ignored (it trusts the system store, which we do not).
        /// </summary>
        public bool Validate(MqttClientCertificateValidationEventArgs e)
        {
            Refusal = Check(e.Certificate, e.Chain, e.SslPolicyErrors);
            ServerAccepted = Refusal == null;
            return ServerAccepted;
        }

        public void Dispose()
        {
            _ca.Dispose();
            _client?.Dispose();
        }

        private string Check(X509Certificate certificate, X509Chain presented, SslPolicyErrors errors)
        {
            if (certificate == null)
            {
                return "the broker sent no certificate";
            }

            using X509Certificate2 leaf = new X509Certificate2(certificate);
            using X509Chain chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (presented != null)
            {
                foreach (X509ChainElement element in presented.ChainElements)
                {
                    if (!element.Certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                    {
                        chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                    }
                }
            }

            if (!chain.Build(leaf))
            {
                X509ChainStatusFlags flags = X509ChainStatusFlags.NoError;
                foreach (X509ChainStatus status in chain.ChainStatus)
                {
                    flags |= status.Status;
                }

                if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
                {
                    return "the broker's certificate (" + leaf.Subject + ", issued by " + leaf.Issuer + ") is not issued by the pinned CA (" + _ca.Subject + ")";
                }

                if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
                {
                    DateTime now = DateTime.UtcNow;
                    return now > leaf.NotAfter.ToUniversalTime()
                        ? "the broker's certificate expired on " + leaf.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss") + " UTC"
                        : "a certificate in the broker's chain is not valid now (the broker's is valid "
                            + leaf.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd") + " to " + leaf.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd") + ")";
                }

                return "the broker's certificate chain does not verify against the pinned CA: " + flags;
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return "the broker's certificate (" + leaf.Subject + ") does not name the host '" + _host + "'";
            }

            return null;
        }
    }
}
