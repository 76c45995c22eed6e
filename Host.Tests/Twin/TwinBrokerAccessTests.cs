using System;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>
    /// How the twin reaches a broker that needs TLS or a login: mqtts:// with a pinned CA (and a client certificate for
    /// mutual TLS), a user name and password, each refused with its reason when it cannot work; and against mosquitto,
    /// the device and its judge both logging in with them, a refused login reported with the broker's own answer.
    /// </summary>
    [TestClass]
    public sealed class TwinBrokerAccessTests
    {
        private static BrokerCertificates Certificates => BrokerCertificates.Shared;

        [TestMethod]
        public void MqttsTakesThePinnedCaAndTheClientCertificateIntoTheDevicesConfiguration()
        {
            TwinOptions o = TwinOptions.Parse(new[] { "--broker", "mqtts://broker.example", "--ca-certificate", Certificates.Ca.CaCertificateFile,
                "--client-certificate", Certificates.ClientCertificateFile, "--client-key", Certificates.ClientKeyFile, "--user-name", "kitchen", "--password", "s3cret" }, out string error);

            Assert.IsNull(error, error);
            Assert.AreEqual("broker.example", o.BrokerHost);
            Assert.AreEqual(8883, o.BrokerPort, "the MQTT over TLS port when none is given");
            System.Text.Json.Nodes.JsonObject deployed = o.DeployedConfiguration("broker.example", 8883);
            Assert.IsTrue((bool)deployed["tls"]);
            Assert.AreEqual(File.ReadAllText(Certificates.Ca.CaCertificateFile), (string)deployed["caCertificate"]);
            Assert.AreEqual(Certificates.ClientKeyPem, (string)deployed["clientKey"]);
            Assert.AreEqual("kitchen", (string)deployed["userName"]);
            Assert.AreEqual("s3cret", (string)deployed["password"]);
            Assert.AreEqual(1883, TwinOptions.Parse(new[] { "--broker", "mqtt://broker.example" }, out _).BrokerPort);
        }

        [TestMethod]
        [DataRow(new[] { "--broker", "mqtts://127.0.0.1" }, "--broker mqtts://127.0.0.1:8883 needs --ca-certificate FILE: the device pins its broker's CA and never uses the system's trust store")]
        [DataRow(new[] { "--ca-certificate", "CA" }, "--ca-certificate, --client-certificate and --client-key are for a TLS broker given with --broker mqtts://HOST:PORT (the embedded broker speaks plain MQTT)")]
        [DataRow(new[] { "--broker", "mqtt://127.0.0.1:1883", "--ca-certificate", "CA" }, "--ca-certificate, --client-certificate and --client-key need TLS: give the broker as mqtts://HOST:PORT")]
        [DataRow(new[] { "--broker", "mqtts://127.0.0.1", "--ca-certificate", "CA", "--client-certificate", "CLIENT.crt" }, "--client-certificate and --client-key go together: the device's certificate and its private key")]
        [DataRow(new[] { "--broker", "mqtts://127.0.0.1", "--ca-certificate", "CA", "--client-certificate", "CLIENT.crt", "--client-key", "SERVER.key" }, "--client-key is not the private key of --client-certificate")]
        [DataRow(new[] { "--broker", "mqtts://127.0.0.1", "--ca-certificate", "CLIENT.key" }, "is not a PEM certificate (-----BEGIN CERTIFICATE-----)")]
        [DataRow(new[] { "--broker", "mqtts://127.0.0.1", "--ca-certificate", "/nonexistent/ca.crt" }, "--ca-certificate: no file '/nonexistent/ca.crt'")]
        [DataRow(new[] { "--password", "s3cret" }, "--password needs --user-name")]
        [DataRow(new[] { "--user-name", "" }, "--user-name must be 1 to 128 characters")]
        [DataRow(new[] { "--broker", "mqtt://user:pw@127.0.0.1:1883" }, "credentials go in --user-name and --password")]
        [DataRow(new[] { "--broker", "https://127.0.0.1" }, "--broker must look like mqtt://host:port or mqtts://host:port (TLS), not 'https://127.0.0.1'")]
        public void BrokerAccessThatCannotWorkIsRefusedWithItsReason(string[] args, string reason)
        {
            string[] resolved = args.Select(a => a == "CA" ? Certificates.Ca.CaCertificateFile
                : a == "CLIENT.crt" ? Certificates.ClientCertificateFile
                : a == "CLIENT.key" ? Certificates.ClientKeyFile
                : a == "SERVER.key" ? Certificates.Server + ".key" : a).ToArray();

            Assert.IsNull(TwinOptions.Parse(resolved, out string error));
            StringAssert.Contains(error, reason);
        }

        [TestMethod]
        public void TheDeviceAndItsJudgeLogInAndARefusedLoginIsReportedWithTheBrokersAnswer()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: false, userName: "kitchen", password: "s3cret-pass");
            string flash = NewFlash();

            TwinReport report = Run(out string output, "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--user-name", "kitchen", "--password", "s3cret-pass", "--flash", flash, "--fresh");

            Assert.IsTrue(report.Observed, output);
            Assert.IsTrue(report.DeliveredThisRun > 0, output);
            Assert.AreEqual(0L, report.Lost, output);
            Assert.AreEqual(TwinExitCodes.Success, report.ExitCode);

            TwinReport refused = Run(out output, "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--user-name", "kitchen", "--password", "wrong", "--flash", flash);

            Assert.IsFalse(refused.Observed);
            StringAssert.Contains(output, $"warning: the observer cannot use the broker: 127.0.0.1:{broker.Port} refused the login: not authorized (CONNACK 5)");
            StringAssert.Contains(output, $"failed: broker: 127.0.0.1:{broker.Port} refused the login: not authorized (CONNACK 5)");
            Assert.IsFalse(output.Contains("is not connected", StringComparison.Ordinal), output);
            Assert.IsFalse(output.Contains("wrong", StringComparison.Ordinal), "the password is in no message: " + output);
            Assert.AreEqual(TwinExitCodes.BrokerNeverReached, refused.ExitCode);
            File.Delete(flash);
        }

        [TestMethod]
        public void MqttsWithAClientCertificateDeliversAndIsJudgedOverTlsAndAWrongCaIsNamed()
        {
            int tlsPort = EmbeddedBroker.FreeLoopbackPort();
            using MosquittoBroker broker = MosquittoBroker.Start(Certificates.MosquittoTlsListener(tlsPort, Certificates.Server, requireClientCertificate: true));
            string flash = NewFlash();
            string[] tls = { "--broker", $"mqtts://127.0.0.1:{tlsPort}", "--client-certificate", Certificates.ClientCertificateFile, "--client-key", Certificates.ClientKeyFile };

            TwinReport report = Run(out string output, tls.Concat(new[] { "--ca-certificate", Certificates.Ca.CaCertificateFile, "--flash", flash, "--fresh" }).ToArray());

            StringAssert.Contains(output, $"using MQTT broker mqtts://127.0.0.1:{tlsPort} (TLS, pinned CA)");
            Assert.IsTrue(report.Observed, "the judge logged in over TLS with the device's certificate: " + output);
            Assert.IsTrue(report.DeliveredThisRun > 0, output + broker.Log);
            Assert.AreEqual(0L, report.Lost, output);

            TwinReport wrongCa = Run(out output, tls.Concat(new[] { "--ca-certificate", Certificates.OtherCa.CaCertificateFile, "--flash", flash }).ToArray());

            StringAssert.Contains(output, "warning: the observer cannot use the broker: TLS: the broker's certificate");
            StringAssert.Contains(output, "is not issued by the pinned CA");
            Assert.AreEqual(TwinExitCodes.BrokerNeverReached, wrongCa.ExitCode);
            File.Delete(flash);
        }

        private static string NewFlash() => Path.Combine(Path.GetTempPath(), "twin-access-" + Guid.NewGuid().ToString("N") + ".flash");

        private static TwinReport Run(out string output, params string[] args)
        {
            TwinOptions options = TwinOptions.Parse(args.Concat(new[] { "--duration", "70m", "--speed", "50000" }).ToArray(), out string error);
            Assert.IsNull(error, error);
            StringWriter captured = new StringWriter();
            TwinReport report = Firmware.Host.Twin.Run(options, captured, CancellationToken.None);
            report.Print(captured);
            output = captured.ToString();
            return report;
        }
    }
}
