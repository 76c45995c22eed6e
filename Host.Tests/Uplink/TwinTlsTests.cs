using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Uplink
{
    /// <summary>
    /// The twin as a device over TLS: mosquitto with a TLS listener for the device (certificates made for the run by
    /// openssl) and a plain one for the judge. The configuration carries the pinned CA and, for mutual TLS, the client
    /// certificate and key. A wrong CA or an expired broker certificate is refused, never retried in plain TCP, and
    /// the reason is the device's last error, reported in its status once it connects again.
    /// </summary>
    [TestClass]
    public sealed class TwinTlsTests
    {
        private static BrokerCertificates Certificates => BrokerCertificates.Shared;

        [TestMethod]
        public void DeliversOverTlsWithThePinnedCa()
        {
            int tlsPort = EmbeddedBroker.FreeLoopbackPort();
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTlsListener(tlsPort, Certificates.Server, requireClientCertificate: false));
            using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/#");

            TwinReport report = Run(tlsPort, Config(Certificates.Ca.CaCertificatePem, withClientCertificate: false), fresh: true);

            AssertDelivered(judge, report, broker);
        }

        [TestMethod]
        public void DeliversOverMutualTlsWhenTheBrokerRequiresAClientCertificate()
        {
            int tlsPort = EmbeddedBroker.FreeLoopbackPort();
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTlsListener(tlsPort, Certificates.Server, requireClientCertificate: true));
            using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/#");

            TwinReport report = Run(tlsPort, Config(Certificates.Ca.CaCertificatePem, withClientCertificate: true), fresh: true);

            AssertDelivered(judge, report, broker);
        }

        [TestMethod]
        public void AWrongCaIsRefusedAndReportedOnceTheDeviceConnectsAgain()
        {
            int tlsPort = EmbeddedBroker.FreeLoopbackPort();
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTlsListener(tlsPort, Certificates.Server, requireClientCertificate: false));
            using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/#");
            string flash = NewFlash();

            StringWriter output = new StringWriter();
            TwinReport refused = Run(tlsPort, Config(Certificates.OtherCa.CaCertificatePem, withClientCertificate: false), fresh: true, flash, output);
            Assert.AreEqual(0, judge.Messages.Count(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)), "nothing went out with the wrong CA");
            StringAssert.Contains(output.ToString(), "is not issued by the pinned CA");
            Assert.IsTrue(refused.StoredHeld > 0);

            Run(tlsPort, Config(Certificates.Ca.CaCertificatePem, withClientCertificate: false), fresh: false, flash);
            Thread.Sleep(200);
            DeliveryJudge seen = new DeliveryJudge(judge, "sensors/twin-1");
            Assert.IsTrue(seen.Statuses.Any(s => s.Contains("\"lastError\":{\"text\":\"broker: TLS: the broker's certificate") && s.Contains("is not issued by the pinned CA")),
                "the refusal is the last error in the status: " + string.Join("\n", seen.Statuses));
            Assert.AreEqual(0, seen.MissingUpTo(refused.NextSequence - 1).Length, "what was held during the refusal arrived");
            File.Delete(flash);
        }

        [TestMethod]
        public void AnExpiredBrokerCertificateIsRefusedWithItsDate()
        {
            int tlsPort = EmbeddedBroker.FreeLoopbackPort();
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTlsListener(tlsPort, Certificates.Expired, requireClientCertificate: false));
            using Subscriber judge = Subscriber.Start(broker.Port, "sensors/twin-1/#");
            StringWriter output = new StringWriter();

            TwinReport report = Run(tlsPort, Config(Certificates.Ca.CaCertificatePem, withClientCertificate: false), fresh: true, NewFlash(), output);

            StringAssert.Contains(output.ToString(), "TLS: the broker's certificate expired on 2020-02-01");
            Assert.AreEqual(0, judge.Messages.Count(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)));
            Assert.AreEqual(report.Sampled, report.StoredHeld, "every reading waits in flash");
        }

        private static void AssertDelivered(Subscriber judge, TwinReport report, MosquittoBroker broker)
        {
            Thread.Sleep(200);
            DeliveryJudge seen = new DeliveryJudge(judge, "sensors/twin-1");
            long delivered = report.NextSequence - 1 - report.StoredHeld;
            Assert.IsTrue(delivered > 0, "nothing delivered: " + broker.Log);
            Assert.AreEqual(0, seen.MissingUpTo(delivered).Length);
            Assert.IsTrue(seen.Statuses.Any(s => s.Contains("\"state\":\"online\"")));
        }

        private static string Config(string caPem, bool withClientCertificate)
        {
            JsonObject json = new JsonObject { ["tls"] = true, ["caCertificate"] = caPem };
            if (withClientCertificate)
            {
                json["clientCertificate"] = Certificates.ClientCertificatePem;
                json["clientKey"] = Certificates.ClientKeyPem;
            }

            string path = Path.Combine(Certificates.Ca.Directory, "device-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, json.ToJsonString());
            return path;
        }

        private static string NewFlash() => Path.Combine(Path.GetTempPath(), "twin-tls-" + Guid.NewGuid().ToString("N") + ".flash");

        private static TwinReport Run(int tlsPort, string config, bool fresh, string flash = null, TextWriter output = null)
        {
            string[] args = { "--broker", $"mqtt://127.0.0.1:{tlsPort}", "--config", config, "--duration", "2h", "--speed", "50000",
                "--quiet", "--flash", flash ?? NewFlash() };
            TwinOptions options = TwinOptions.Parse(fresh ? args.Append("--fresh").ToArray() : args, out string error);
            Assert.IsNull(error);
            return Firmware.Host.Twin.Run(options, output ?? TextWriter.Null, CancellationToken.None);
        }
    }
}
