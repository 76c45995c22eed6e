using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Firmware.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Tls
{
    /// <summary>
    /// The host twin's MQTT link over TLS against a mosquitto TLS listener, with a CA and certificates made
    /// for this run by openssl: the pinned CA is the only trust anchor, the host name is checked, mutual TLS
    /// works, and every refusal is reported as <see cref="MqttConnectResult.TlsFailure"/> with the reason.
    /// </summary>
    [TestClass]
    public sealed class MqttTlsTests
    {
        private static BrokerCertificates Certificates => BrokerCertificates.Shared;

        [TestMethod]
        public void ConnectsWithThePinnedCaAndPublishesAcknowledged()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTls(Certificates.Server, requireClientCertificate: false));
            using MqttNetLink link = new MqttNetLink();

            MqttConnectResult result = link.Connect(Options(broker, Certificates.Ca.CaCertificatePem), 10000);

            Assert.AreEqual(MqttConnectResult.Accepted, result, link.LastError + "\n" + broker.Log);
            int token = link.Publish("tls/test", new byte[] { 1, 2, 3 }, 0, 3, 1, false);
            Assert.IsTrue(token > 0, link.LastError);
            Assert.AreEqual(token, link.WaitForAcknowledgement(5000));
            link.Disconnect();
        }

        [TestMethod]
        public void ConnectsWithAClientCertificateWhenTheBrokerRequiresOne()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTls(Certificates.Server, requireClientCertificate: true));
            using MqttNetLink link = new MqttNetLink();
            MqttConnectOptions options = Options(broker, Certificates.Ca.CaCertificatePem);
            options.ClientCertificatePem = Certificates.ClientCertificatePem;
            options.ClientKeyPem = Certificates.ClientKeyPem;

            MqttConnectResult result = link.Connect(options, 10000);

            Assert.AreEqual(MqttConnectResult.Accepted, result, link.LastError + "\n" + broker.Log);
            Assert.IsTrue(link.Subscribe("tls/#", 1, 5000), link.LastError);
            link.Disconnect();
        }

        [TestMethod]
        public void AMissingClientCertificateIsRefusedWhenTheBrokerRequiresOne()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTls(Certificates.Server, requireClientCertificate: true));
            using MqttNetLink link = new MqttNetLink();

            MqttConnectResult result = link.Connect(Options(broker, Certificates.Ca.CaCertificatePem), 10000);

            Assert.AreEqual(MqttConnectResult.TlsFailure, result, link.LastError);
            StringAssert.Contains(link.LastError, "requires a client certificate");
            Assert.IsFalse(link.IsConnected);
        }

        [TestMethod]
        public void ABrokerCertificateFromAnotherCaIsRefused()
        {
            AssertRefused(Certificates.Server, Certificates.OtherCa, "is not issued by the pinned CA (CN=Other CA)");
        }

        [TestMethod]
        public void ABrokerCertificateForAnotherHostIsRefused()
        {
            AssertRefused(Certificates.WrongHost, Certificates.Ca, "does not name the host '127.0.0.1'");
        }

        [TestMethod]
        public void AnExpiredBrokerCertificateIsRefused()
        {
            AssertRefused(Certificates.Expired, Certificates.Ca, "expired on 2020-02-01");
        }

        [TestMethod]
        public void AFailedHandshakeNeverFallsBackToPlainTcp()
        {
            // A listener that records the first byte of every connection: a TLS ClientHello starts with 0x16,
            // an MQTT CONNECT with 0x10.
            TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            List<int> firstBytes = new List<int>();
            Thread accept = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        using TcpClient connection = listener.AcceptTcpClient();
                        connection.ReceiveTimeout = 5000;
                        int b = connection.GetStream().ReadByte();
                        lock (firstBytes)
                        {
                            firstBytes.Add(b);
                        }
                    }
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            });
            accept.IsBackground = true;
            accept.Start();
            using MqttNetLink link = new MqttNetLink();
            MqttConnectOptions options = Options(null, Certificates.Ca.CaCertificatePem);
            options.Port = port;

            MqttConnectResult result = link.Connect(options, 5000);
            Thread.Sleep(200);
            listener.Stop();

            Assert.AreNotEqual(MqttConnectResult.Accepted, result);
            lock (firstBytes)
            {
                CollectionAssert.AreEqual(new List<int> { 0x16 }, firstBytes, "first bytes: " + string.Join(",", firstBytes));
            }
        }

        [TestMethod]
        public void TlsToAListenerThatSpeaksPlainMqttIsATlsFailureAndNothingListeningIsUnreachable()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            using MqttNetLink link = new MqttNetLink();

            Assert.AreEqual(MqttConnectResult.TlsFailure, link.Connect(Options(broker, Certificates.Ca.CaCertificatePem), 5000), link.LastError);
            StringAssert.Contains(link.LastError, $"the connection closed during it: is 127.0.0.1:{broker.Port} a TLS listener?");
            Assert.AreEqual(MqttConnectResult.Unreachable, link.Connect(Options(null, Certificates.Ca.CaCertificatePem), 5000), link.LastError);
        }

        [TestMethod]
        public void SecretsNeverAppearInErrors()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTls(Certificates.Server, requireClientCertificate: false));
            using MqttNetLink link = new MqttNetLink();
            MqttConnectOptions options = Options(broker, Certificates.OtherCa.CaCertificatePem);
            options.UserName = "device";
            options.Password = "hunter2-secret";

            Assert.AreEqual(MqttConnectResult.TlsFailure, link.Connect(options, 10000));
            Assert.IsFalse(link.LastError.Contains("hunter2-secret", StringComparison.Ordinal), link.LastError);

            string key = Certificates.ClientKeyPem;
            options.ClientCertificatePem = Certificates.ClientCertificatePem;
            options.ClientKeyPem = key.Replace("A", "B", StringComparison.Ordinal);
            Assert.AreEqual(MqttConnectResult.InvalidOptions, link.Connect(options, 10000));
            StringAssert.Contains(link.LastError, "private key");
            Assert.IsFalse(link.LastError.Contains("PRIVATE KEY-----", StringComparison.Ordinal), link.LastError);
            Assert.IsFalse(link.LastError.Contains("hunter2-secret", StringComparison.Ordinal), link.LastError);
        }

        [TestMethod]
        [DataRow(null, "pinned CA certificate")]
        [DataRow("not a certificate", "not a PEM certificate")]
        public void UnusableTlsOptionsAreRejectedBeforeConnecting(string caPem, string reason)
        {
            using MqttNetLink link = new MqttNetLink();
            MqttConnectOptions options = Options(null, caPem);

            Assert.AreEqual(MqttConnectResult.InvalidOptions, link.Connect(options, 1000));
            StringAssert.Contains(link.LastError, reason);

            options = Options(null, Certificates.Ca.CaCertificatePem);
            options.ClientCertificatePem = Certificates.ClientCertificatePem;
            Assert.AreEqual(MqttConnectResult.InvalidOptions, link.Connect(options, 1000));
            StringAssert.Contains(link.LastError, "both a client certificate and its private key");
        }

        /// <summary>A broker presenting <paramref name="certificate"/> to a device pinning <paramref name="pinned"/>'s CA: refused, with the reason.</summary>
        private static void AssertRefused(string certificate, TestPki pinned, string reason)
        {
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTls(certificate, requireClientCertificate: false));
            using MqttNetLink link = new MqttNetLink();

            MqttConnectResult result = link.Connect(Options(broker, pinned.CaCertificatePem), 10000);

            Assert.AreEqual(MqttConnectResult.TlsFailure, result, link.LastError);
            StringAssert.Contains(link.LastError, reason);
            Assert.IsFalse(link.IsConnected);
        }

        private static MqttConnectOptions Options(MosquittoBroker broker, string caPem)
        {
            return new MqttConnectOptions
            {
                Host = "127.0.0.1",
                Port = broker?.Port ?? 1,
                ClientId = "tls-" + Guid.NewGuid().ToString("N").Substring(0, 8),
                CleanSession = true,
                UseTls = true,
                CaCertificatePem = caPem,
            };
        }
    }
}
