using Firmware.Device;
using Firmware.Ports;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using Firmware.Tests.Setup;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Device
{
    [TestClass]
    public class SetupModeTests
    {
        private const string Form = "ssid=home&other=&wpass=hunter22&host=broker.lan&port=8883&user=kim&pass=brokersecret&prefix=flat%2F2&name=kitchen";

        [TestMethod]
        public void AFreshDeviceOpensSetupAfterARestartAndStartsAgainWithWhatWorked()
        {
            DeviceRig rig = Rig();
            FakeSetupRadio radio = (FakeSetupRadio)rig.Platform.Network;
            radio.NeedsRestart = true;
            WakeContext first = rig.Boot();
            Assert.IsTrue(SetupMode.Run(first), "no credentials: setup");
            Assert.IsTrue(rig.Power.Rebooted, "the access point comes up at the next boot");
            Assert.IsTrue(rig.StorageInFlash() != null);

            FakeStreamConnection post = Post(radio, Form);
            WakeContext second = rig.Boot();
            Assert.IsTrue(SetupMode.Run(second));
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "Saved.") > 0, post.Response);
            Assert.AreEqual("sensor-vice", radio.StartedSsid, "the SSID ends with the hardware id's last four letters or digits");
            Assert.IsTrue(radio.Stopped, "the access point closes");
            Assert.IsTrue(rig.Power.Rebooted, "and the device restarts into its settings");
            Assert.AreEqual("broker.lan", rig.Mqtt.LastOptions.Host, "the broker was tried");
            Assert.IsTrue(rig.Mqtt.LastOptions.CleanSession, "with a session that leaves nothing behind");

            WakeContext third = rig.Boot();
            DeviceConfig config = third.Config;
            Assert.AreEqual("kitchen", config.DeviceId);
            Assert.AreEqual("flat/2", config.TopicPrefix);
            Assert.AreEqual("home", config.WifiSsid);
            Assert.AreEqual("hunter22", config.WifiPassword);
            Assert.AreEqual(8883, config.BrokerPort);
            Assert.AreEqual("kim", config.UserName);
            Assert.AreEqual("brokersecret", config.Password);
            Assert.AreEqual("reboot", third.WakeReasonText, "the first wake after setup reports in at once");
            Assert.IsFalse(SetupMode.Run(third), "setup is done");
            Assert.IsTrue(third.Ledger.Microseconds(Firmware.Power.PowerPhase.RadioReceive) > 0, "the access point's time is in the ledger");
            Assert.IsFalse(rig.Log.Contains("hunter22") || rig.Log.Contains("brokersecret"), "no secret in the log");
        }

        [TestMethod]
        public void NoSecretReachesTheLogTheBrokerOrTheEventsAfterSetup()
        {
            DeviceRig rig = Rig();
            FakeSetupRadio radio = (FakeSetupRadio)rig.Platform.Network;
            rig.Network.AcceptedSsid = "home";
            FakeStreamConnection post = Post(radio, Form);
            Assert.IsTrue(SetupMode.Run(rig.Boot()));
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "Saved.") > 0, post.Response);
            rig.Wake();
            Assert.IsTrue(rig.Last.RadioReason != null, "the first wake after setup reported in");
            Assert.IsTrue(rig.Mqtt.PublishedCount > 0);
            Assert.AreEqual("flat/2/kitchen/telemetry", rig.Last.Topics.Telemetry);
            Assert.IsTrue(rig.TelemetrySequences().Length > 0, "its first reading went out");
            for (int i = 0; i < rig.Mqtt.PublishedCount; i++)
            {
                string text = rig.Mqtt.GetPublished(i).Text;
                Assert.IsTrue(Ordinal.IndexOf(text, "hunter22") < 0 && Ordinal.IndexOf(text, "brokersecret") < 0, "a secret on " + rig.Mqtt.GetPublished(i).Topic);
            }

            Assert.IsFalse(rig.Log.Contains("hunter22") || rig.Log.Contains("brokersecret"), "no secret in the log");
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "hunter22") < 0 && Ordinal.IndexOf(post.Response, "brokersecret") < 0, "nor in the page");
        }

        [TestMethod]
        public void TheFormIsCheckedByTheConfigurationsOwnCode()
        {
            DeviceRig rig = Rig();
            FakeSetupRadio radio = (FakeSetupRadio)rig.Platform.Network;
            FakeStreamConnection port = Post(radio, "ssid=home&wpass=x&host=broker.lan&port=70000&prefix=sensors&name=kitchen");
            FakeStreamConnection host = Post(radio, "ssid=home&wpass=x&host=bad+host&port=1883&prefix=sensors&name=kitchen");
            FakeStreamConnection prefix = Post(radio, "ssid=home&wpass=x&host=broker.lan&port=1883&prefix=a%2F%23&name=kitchen");
            FakeStreamConnection password = Post(radio, "ssid=home&wpass=x&host=broker.lan&port=1883&prefix=p&name=kitchen&pass=p");
            FakeStreamConnection garbage = Post(radio, "ssid=home&wpass=x&host=broker.lan&port=1883&prefix=p&name=%C0%80%00");
            FakeStreamConnection tls = Post(radio, "ssid=home&wpass=x&host=broker.lan&port=8883&tls=1&prefix=p&name=kitchen");
            FakeStreamConnection words = Post(radio, "ssid=home&wpass=x&host=broker.lan&port=eighty&prefix=p&name=kitchen");
            SetupMode.Run(rig.Boot());
            Assert.IsTrue(Ordinal.IndexOf(port.Response, "brokerPort must be 1 to 65535, not 70000") > 0, port.Response);
            Assert.IsTrue(Ordinal.IndexOf(host.Response, "brokerHost must be a host name") > 0, host.Response);
            Assert.IsTrue(Ordinal.IndexOf(prefix.Response, "topicPrefix must be") > 0, prefix.Response);
            Assert.IsTrue(Ordinal.IndexOf(password.Response, "password needs userName") > 0, password.Response);
            Assert.IsTrue(Ordinal.IndexOf(garbage.Response, "deviceId must be 1 to 32 characters") > 0, garbage.Response);
            Assert.IsTrue(Ordinal.IndexOf(tls.Response, "tls needs caCertificate") > 0, tls.Response);
            Assert.AreEqual(0, radio.Joins, "nothing was tried");

            // The very words the configuration's reader gives for the same settings in a deployed file.
            DeviceConfigReader reader = new DeviceConfigReader();
            byte[] json = Utf8.GetBytes("{\"wifiSsid\":\"home\",\"brokerHost\":\"broker.lan\",\"brokerPort\":\"eighty\",\"topicPrefix\":\"p\",\"deviceId\":\"kitchen\"}");
            Assert.IsNull(reader.Apply(rig.Config, json, 0, json.Length));
            Assert.IsTrue(Ordinal.IndexOf(words.Response, "id=msg>" + Html(reader.Error) + "</p>") > 0, "expected '" + reader.Error + "' in " + words.Response);
        }

        [TestMethod]
        public void ASetupNobodyFinishesIsNotOpenedAgainUntilThePowerComesBack()
        {
            DeviceRig rig = Rig();
            FakeSetupRadio radio = (FakeSetupRadio)rig.Platform.Network;
            Assert.IsTrue(SetupMode.Run(rig.Boot()));
            Assert.IsTrue(rig.Clock.UptimeMilliseconds >= Firmware.Setup.SetupSession.IdleMilliseconds, "the session ended after its idle time");
            Assert.IsTrue(radio.Stopped, "the access point closed");
            Assert.IsTrue(radio.Listener.Closed && radio.Datagram.Closed, "and its sockets");
            Assert.IsTrue(rig.Power.Rebooted, "the device restarts to its normal wakes");
            SetupRequest flags = Flags(rig);
            Assert.IsTrue(flags.Offered);
            Assert.IsFalse(flags.Requested);
            Assert.IsFalse(SetupMode.Run(rig.Boot()), "not again at the next boot");
            rig.Wake();
            Assert.IsFalse(SetupMode.Run(rig.Boot()), "nor at the wakes after it");
            rig.Wake();
            rig.Power.WakeCause = WakeCause.PowerOn;
            rig.Clock.IsWallTimeKnown = false;
            Assert.IsTrue(SetupMode.Run(rig.Boot()), "a power-on offers it again");
        }

        [TestMethod]
        public void ADeviceThatNeverReachedItsNetworkAsksForSetupOnce()
        {
            DeviceRig rig = Rig();
            FakeSetupRadio radio = (FakeSetupRadio)rig.Platform.Network;
            radio.Stored = true;
            rig.Network.Available = false;
            rig.Wake();
            Assert.IsTrue(Flags(rig).Requested, "the failed connection asked for setup");
            Assert.IsTrue(rig.Last.RebootAtEnd);
            Assert.IsTrue(rig.Log.Contains("never reached its network"));
        }

        [TestMethod]
        public void AReachedNetworkIsRememberedAndItsOutagesAskForNothing()
        {
            DeviceRig rig = Rig();
            FakeSetupRadio radio = (FakeSetupRadio)rig.Platform.Network;
            radio.Stored = true;
            rig.Wake();
            Assert.IsTrue(Flags(rig).NetworkReached);
            rig.Network.Available = false;
            rig.Wake();
            Assert.IsFalse(Flags(rig).Requested);
        }

        [TestMethod]
        public void AFactoryResetAndTheButtonAskForSetup()
        {
            DeviceRig rig = Rig();
            Firmware.Device.Application.FactoryReset(rig.Platform);
            Assert.IsTrue(Flags(rig).Requested);
            DeviceRig other = Rig();
            Firmware.Device.Application.RequestSetup(other.Platform);
            Assert.IsTrue(Flags(other).Requested);
        }

        private static DeviceRig Rig()
        {
            DeviceRig rig = new DeviceRig("device");
            rig.Platform.HardwareId = "esp32-device";
            rig.Platform.Network = new FakeSetupRadio(rig.Network, rig.Clock);
            rig.Platform.Battery = new FakeBattery(3000, 75);
            return rig;
        }

        private static FakeStreamConnection Post(FakeSetupRadio radio, string body)
        {
            FakeStreamConnection connection = new FakeStreamConnection(Utf8.GetBytes("POST /setup HTTP/1.1\r\nHost: 192.168.4.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + Utf8.GetByteCount(body).ToString() + "\r\n\r\n" + body));
            radio.Listener.Enqueue(connection);
            return connection;
        }

        /// <summary>Text as the page writes it (the few characters it escapes).</summary>
        private static string Html(string text)
        {
            string escaped = string.Empty;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                escaped += c == '\'' ? "&#39;" : c == '"' ? "&quot;" : c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c.ToString();
            }

            return escaped;
        }

        private static SetupRequest Flags(DeviceRig rig)
        {
            DeviceStorage storage = rig.StorageInFlash();
            SetupRequest flags = new SetupRequest();
            flags.Load(storage.State);
            return flags;
        }
    }
}
