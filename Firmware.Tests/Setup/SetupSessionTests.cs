using Firmware.Ports;
using Firmware.Setup;
using Firmware.SetupPorts;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Setup
{
    [TestClass]
    public class SetupSessionTests
    {
        private const string Form = "ssid=home&other=&wpass=hunter22&host=broker.lan&port=1883&user=u&pass=brokersecret&prefix=sensors&name=kitchen";

        [TestMethod]
        public void ServesTheFormWithTheDeviceItsNetworksAndItsBattery()
        {
            Rig rig = new Rig();
            FakeStreamConnection get = rig.Get("/");
            rig.Run();
            string page = get.Response;
            Assert.IsTrue(Ordinal.StartsWith(page, "HTTP/1.1 200 OK\r\n"), page);
            Assert.IsTrue(Ordinal.IndexOf(page, "Connection: close") > 0);
            Assert.IsTrue(Ordinal.IndexOf(page, ">esp32-a1b2c3<") > 0, "the device id");
            Assert.IsTrue(Ordinal.IndexOf(page, ">0.2.0<") > 0, "the firmware version");
            Assert.IsTrue(Ordinal.IndexOf(page, "battery 80 % (3.05 V)") > 0, "the battery");
            Assert.IsTrue(Ordinal.IndexOf(page, "<option value=\"home\">home (-40 dBm)</option>") > 0, "the networks");
            Assert.IsTrue(Ordinal.IndexOf(page, "value=\"broker.lan\"") > 0, "prefilled");
            Assert.IsTrue(Ordinal.IndexOf(page, "src=") < 0 && Ordinal.IndexOf(page, "<link") < 0 && Ordinal.IndexOf(page, "<script") < 0, "nothing loaded from elsewhere");
            Assert.IsTrue(get.Closed);
        }

        [TestMethod]
        public void SendsAForeignHostToTheSetupPage()
        {
            Rig rig = new Rig();
            FakeStreamConnection probe = rig.Request("GET /generate_204 HTTP/1.1\r\nHost: connectivitycheck.gstatic.com\r\n\r\n");
            rig.Run();
            Assert.IsTrue(Ordinal.StartsWith(probe.Response, "HTTP/1.1 302 Found\r\n"), probe.Response);
            Assert.IsTrue(Ordinal.IndexOf(probe.Response, "Location: http://192.168.4.1/\r\n") > 0);
        }

        [TestMethod]
        public void AnswersDnsWithTheAccessPointsAddress()
        {
            Rig rig = new Rig();
            rig.Radio.Datagram.Enqueue(DnsAnswerTests.Query(42, "captive.apple.com", 1, 1, 1));
            rig.Radio.Datagram.Enqueue(new byte[3]);
            rig.Run();
            Assert.AreEqual(1, rig.Radio.Datagram.Replies.Count);
            byte[] reply = (byte[])rig.Radio.Datagram.Replies[0];
            Assert.AreEqual(1, (int)reply[reply.Length - 1]);
            Assert.AreEqual(192, (int)reply[reply.Length - 4]);
            Assert.IsTrue(rig.Radio.Datagram.Closed);
        }

        [TestMethod]
        public void ShowsTheExactReasonAJoinFailedAndNeverTheSecrets()
        {
            Rig rig = new Rig();
            rig.Radio.JoinSsid = "home";
            rig.Radio.JoinPassword = "right";
            FakeStreamConnection post = rig.Post(Form);
            rig.Run();
            Assert.AreEqual((int)SetupOutcome.TimedOut, (int)rig.Outcome);
            string page = post.Response;
            Assert.IsTrue(Ordinal.IndexOf(page, "Wrong password for the Wi-Fi network &#39;home&#39;.") > 0, page);
            Assert.IsTrue(Ordinal.IndexOf(page, "hunter22") < 0 && Ordinal.IndexOf(page, "brokersecret") < 0, "no secret in the page");
            Assert.IsTrue(rig.Log.Contains("Wrong password"), "the reason is logged");
            Assert.IsFalse(rig.Log.Contains("hunter22") || rig.Log.Contains("brokersecret"), "no secret in the log");
            Assert.IsNull(rig.Settings.Stored);
        }

        [DataRow(2, "Wrong password")]
        [DataRow(3, "No Wi-Fi network named")]
        [DataRow(4, "got no address")]
        public void EachJoinFailureHasItsReason(int result, string reason)
        {
            Assert.IsTrue(Ordinal.IndexOf(SetupSession.JoinFailure((JoinResult)result, "home"), reason) >= 0);
        }

        [DataRow(100, "cannot be reached")]
        [DataRow(4, "refused the login")]
        [DataRow(5, "refused the login")]
        [DataRow(102, "refused TLS")]
        public void EachBrokerFailureHasItsReason(int result, string reason)
        {
            Assert.IsTrue(Ordinal.IndexOf(SetupSession.BrokerFailure((MqttConnectResult)result, "b:1883", "home"), reason) >= 0);
        }

        [TestMethod]
        public void ABrokerThatRefusesTheLoginIsSaidSo()
        {
            Rig rig = new Rig();
            rig.Settings.Broker = MqttConnectResult.BadUserNameOrPassword;
            FakeStreamConnection post = rig.Post(Form);
            rig.Run();
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "refused the login") > 0, post.Response);
            Assert.AreEqual(JoinResult.Pending, rig.Radio.JoinStatus, "the trial left the network");
        }

        [TestMethod]
        public void TheConfigurationsOwnCheckRefusesAFormBeforeAnyJoin()
        {
            Rig rig = new Rig();
            FakeStreamConnection post = rig.Post("ssid=home&wpass=x&host=h&port=1&prefix=p&name=a+b");
            rig.Run();
            Assert.IsTrue(Ordinal.StartsWith(post.Response, "HTTP/1.1 400 Bad Request"), post.Response);
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "deviceId must be") > 0);
            Assert.AreEqual(0, rig.Radio.Joins);
        }

        [TestMethod]
        public void StoresWhatWorkedSaysSoAndEnds()
        {
            Rig rig = new Rig();
            FakeStreamConnection post = rig.Post(Form);
            rig.Run();
            Assert.AreEqual((int)SetupOutcome.Stored, (int)rig.Outcome);
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "Saved.") > 0, post.Response);
            Assert.AreEqual("kitchen", rig.Settings.Stored.DeviceName);
            Assert.AreEqual("hunter22", rig.Settings.StoredPassword);
            Assert.IsTrue(rig.Clock.UptimeMilliseconds < 60000, "it ends soon after");
            Assert.IsTrue(rig.Radio.Listener.Closed);
        }

        [TestMethod]
        public void RefusesHostileRequestsAndGoesOn()
        {
            Rig rig = new Rig();
            FakeStreamConnection slow = rig.Request("GET / HT");
            slow.Stalls = true;
            FakeStreamConnection huge = rig.Request("GET / HTTP/1.1\r\nX: " + new string('a', 3000) + "\r\n\r\n");
            huge.ChunkBytes = 500;
            FakeStreamConnection garbage = rig.Request("\u0001\u0002\u0003 nonsense\r\n\r\n");
            FakeStreamConnection closed = rig.Request("GET /");
            closed.ClosesAfterRequest = true;
            FakeStreamConnection good = rig.Get("/");
            good.ChunkBytes = 7;
            rig.Run();
            Assert.IsTrue(Ordinal.StartsWith(slow.Response, "HTTP/1.1 408 "), slow.Response);
            Assert.IsTrue(Ordinal.StartsWith(huge.Response, "HTTP/1.1 431 "), huge.Response);
            Assert.IsTrue(Ordinal.StartsWith(garbage.Response, "HTTP/1.1 400 "), garbage.Response);
            Assert.AreEqual(0, closed.WrittenLength);
            Assert.IsTrue(closed.Closed);
            Assert.IsTrue(Ordinal.StartsWith(good.Response, "HTTP/1.1 200 OK"), good.Response);
        }

        [TestMethod]
        public void TurnsAwayConnectionsBeyondItsSlots()
        {
            Rig rig = new Rig();
            FakeStreamConnection[] stalled = new FakeStreamConnection[SetupSession.Slots + 1];
            for (int i = 0; i < stalled.Length; i++)
            {
                stalled[i] = rig.Request("GET / HTTP/1.1\r\n");
                stalled[i].Stalls = true;
            }

            rig.Run();
            Assert.IsTrue(Ordinal.StartsWith(stalled[SetupSession.Slots].Response, "HTTP/1.1 503 "), stalled[SetupSession.Slots].Response);
            Assert.IsTrue(Ordinal.StartsWith(stalled[0].Response, "HTTP/1.1 408 "));
        }

        [TestMethod]
        public void EndsWhenNobodyComesAndWhenTheTargetStops()
        {
            Rig rig = new Rig();
            rig.Run();
            Assert.AreEqual((int)SetupOutcome.TimedOut, (int)rig.Outcome);
            Assert.IsTrue(rig.Clock.UptimeMilliseconds >= SetupSession.IdleMilliseconds);
            Assert.IsTrue(rig.Clock.UptimeMilliseconds < SetupSession.IdleMilliseconds + 1000);
            Rig stopped = new Rig();
            stopped.Power.StopAtUptimeMilliseconds = 10000;
            stopped.Run();
            Assert.AreEqual((int)SetupOutcome.Stopped, (int)stopped.Outcome);
        }

        /// <summary>A session over fakes: a radio with an access point, settings, a battery, a clock that moves with every wait.</summary>
        private sealed class Rig
        {
            public Rig()
            {
                Clock = new FakeClock();
                Log = new FakeLog();
                Log.Enabled = true;
                Power = new FakePower(Clock, long.MaxValue);
                Radio = new FakeSetupRadio(new FakeNetwork(), Clock);
                Radio.StartAccessPoint("sensor-b2c3");
                Settings = new FakeSetupSettings();
                Battery = new FakeBattery(3050, 80);
            }

            public FakeClock Clock { get; private set; }

            public FakeLog Log { get; private set; }

            public FakePower Power { get; private set; }

            public FakeSetupRadio Radio { get; private set; }

            public FakeSetupSettings Settings { get; private set; }

            public FakeBattery Battery { get; private set; }

            public SetupOutcome Outcome { get; private set; }

            public FakeStreamConnection Request(string text)
            {
                FakeStreamConnection connection = new FakeStreamConnection(Utf8.GetBytes(text));
                Radio.Listener.Enqueue(connection);
                return connection;
            }

            public FakeStreamConnection Get(string path)
            {
                return Request("GET " + path + " HTTP/1.1\r\nHost: 192.168.4.1\r\n\r\n");
            }

            public FakeStreamConnection Post(string body)
            {
                return Request("POST /setup HTTP/1.1\r\nHost: 192.168.4.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + Utf8.GetByteCount(body).ToString() + "\r\n\r\n" + body);
            }

            public void Run()
            {
                SetupSession session = new SetupSession(Radio, Settings, new SetupIdentity("sensor-b2c3", "esp32-a1b2c3", "0.2.0"), Clock, Log, Battery, Power);
                Outcome = session.Run();
            }
        }
    }
}
