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
            Assert.IsTrue(Ordinal.IndexOf(page, "<option value=\"home\" selected>home (-40 dBm)</option><option value=\"office\">office (-50 dBm)</option>") > 0, "the networks, the strongest chosen");
            Assert.IsTrue(Ordinal.IndexOf(page, "<option value=\"\">another network") > 0, "and another one");
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

        [DataRow(2, 0, "Wrong password for the Wi-Fi network &#39;home&#39;.")]
        [DataRow(3, 0, "No Wi-Fi network named &#39;home&#39; answered")]
        [DataRow(4, 0, "The device joined &#39;home&#39; but got no address")]
        [DataRow(1, 100, "The broker broker.lan:1883 cannot be reached from &#39;home&#39;")]
        [DataRow(1, 5, "The broker broker.lan:1883 refused the login")]
        [DataRow(1, 102, "The broker broker.lan:1883 refused TLS")]
        public void EachFailureReachesThePageAndTheFormComesBackWithoutItsSecrets(int join, int broker, string reason)
        {
            Rig rig = new Rig();
            rig.Radio.JoinAnswer = (JoinResult)join;
            rig.Settings.Broker = (MqttConnectResult)broker;
            FakeStreamConnection[] exchange = rig.PostThenGet(Form);
            rig.Run();
            FakeStreamConnection post = exchange[0];
            FakeStreamConnection again = exchange[1];
            Assert.IsTrue(Ordinal.StartsWith(post.Response, "HTTP/1.1 200 OK"), post.Response);
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "id=msg>" + reason) > 0, post.Response);
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "value=\"kitchen\"") > 0, "what was typed is kept");
            Assert.IsTrue(Ordinal.IndexOf(again.Response, reason) > 0, "the page says it until the next attempt: " + again.Response);
            AssertNoSecret(rig, post, again);
            Assert.IsNull(rig.Settings.Stored, "nothing stored");
            Assert.AreEqual(JoinResult.Pending, rig.Radio.JoinStatus, "the trial left the network");
            Assert.AreEqual(1, rig.Radio.Joins);
        }

        [TestMethod]
        public void AJoinStillPendingAfterTheHoldShowsConnectingThenItsOutcome()
        {
            Rig rig = new Rig();
            rig.Radio.JoinAnswer = JoinResult.Pending;
            FakeStreamConnection post = rig.Post(Form);
            FakeStreamConnection result = null;
            bool finished = false;
            rig.Radio.Listener.Tick = () =>
            {
                if (finished && result == null)
                {
                    // The reload after the radio knew: the session has taken the outcome in since.
                    result = rig.Get("/result");
                }
                else if (!finished && post.Closed)
                {
                    rig.Radio.Finish(JoinResult.NoAddress);
                    finished = true;
                }
            };
            rig.Run();
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "Connecting to <b>home</b>") > 0, post.Response);
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "http-equiv=refresh content=\"2;url=/result\"") > 0, "it reloads itself");
            Assert.IsTrue(Ordinal.IndexOf(result.Response, "got no address") > 0, result.Response);
        }

        [TestMethod]
        public void ASuccessNobodyReloadsForEndsOnceTwoReloadsCouldHaveFetchedIt()
        {
            Rig rig = new Rig();
            rig.Radio.JoinAnswer = JoinResult.Pending;
            FakeStreamConnection post = rig.Post(Form);
            long joinedAt = -1;
            rig.Radio.Listener.Tick = () =>
            {
                if (joinedAt < 0 && post.Closed)
                {
                    rig.Radio.Finish(JoinResult.Joined);
                    joinedAt = rig.Clock.UptimeMilliseconds;
                }
            };
            rig.Run();
            Assert.AreEqual((int)SetupOutcome.Stored, (int)rig.Outcome);
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "Connecting to") > 0, post.Response);
            Assert.IsTrue(rig.Clock.UptimeMilliseconds - joinedAt >= SetupSession.SavedUnseenMilliseconds);
            Assert.IsTrue(rig.Clock.UptimeMilliseconds - joinedAt < SetupSession.SavedUnseenMilliseconds + 500);
        }

        [TestMethod]
        public void AJoinThatNeverEndsFailsAfterItsTimeout()
        {
            Rig rig = new Rig();
            rig.Radio.JoinAnswer = JoinResult.Pending;
            rig.Post(Form);
            rig.Run();
            Assert.IsTrue(rig.Log.Contains("did not answer within 30 s"));
            Assert.AreEqual((int)SetupOutcome.TimedOut, (int)rig.Outcome);
        }

        [TestMethod]
        public void NoSecretIsInThePageTheLogOrTheStoredViewAfterSuccess()
        {
            Rig rig = new Rig();
            FakeStreamConnection[] exchange = rig.PostThenGet(Form);
            rig.Run();
            Assert.IsTrue(Ordinal.IndexOf(exchange[1].Response, "Saved.") > 0, exchange[1].Response);
            AssertNoSecret(rig, exchange[0], exchange[1]);
        }

        [TestMethod]
        public void TheFormPageIsSmallAndLoadsNothingFromElsewhere()
        {
            Rig rig = new Rig();
            FakeStreamConnection get = rig.Get("/");
            rig.Run();
            string page = get.Response;
            int body = page.Length - (Ordinal.IndexOf(page, "\r\n\r\n") + 4);
            Assert.IsTrue(body < MaxPageBytes, "the form takes " + body.ToString() + " bytes");
            Assert.IsTrue(Ordinal.IndexOf(page, "Content-Length: " + body.ToString() + "\r\n") > 0);
            Assert.IsTrue(Ordinal.IndexOf(page, "://") < 0, "no address of another place");
            Assert.IsTrue(Ordinal.IndexOf(page, "src=") < 0 && Ordinal.IndexOf(page, "<link") < 0 && Ordinal.IndexOf(page, "<script") < 0
                && Ordinal.IndexOf(page, "url(") < 0 && Ordinal.IndexOf(page, "@import") < 0 && Ordinal.IndexOf(page, "@font-face") < 0, "nothing loaded");
        }

        [TestMethod]
        public void ARequestThatBreaksTheServingCodeIsAnswered500AndTheSessionGoesOn()
        {
            Rig rig = new Rig();
            rig.Settings.ThrowOnCheck = true;
            FakeStreamConnection post = rig.Post(Form);
            FakeStreamConnection get = rig.Get("/");
            rig.Run();
            Assert.IsTrue(Ordinal.StartsWith(post.Response, "HTTP/1.1 500 "), post.Response);
            Assert.IsTrue(rig.Log.Contains("a request failed (InvalidOperationException)"));
            Assert.IsFalse(rig.Log.Contains("hunter22"));
            Assert.IsTrue(Ordinal.StartsWith(get.Response, "HTTP/1.1 200 OK"), get.Response);
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
            Assert.IsTrue(rig.Clock.UptimeMilliseconds >= SetupSession.SavedLingerMilliseconds, "the saved view had a moment to reach the phone");
            Assert.IsTrue(rig.Clock.UptimeMilliseconds < SetupSession.SavedLingerMilliseconds + 500, "then the session ended");
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
        public void RefusesASenderThatDribblesOrNeverSendsItsBody()
        {
            Rig rig = new Rig();
            FakeStreamConnection dribble = rig.Request("GET / HTTP/1.1\r\nHost: 192.168.4.1\r\nX-Filler: " + new string('a', 600) + "\r\n\r\n");
            dribble.ChunkBytes = 1;
            FakeStreamConnection truncated = rig.Request("POST /setup HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nssid=home");
            FakeStreamConnection oversized = rig.Request("POST /setup HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9000\r\n\r\n");
            rig.Run();
            Assert.IsTrue(Ordinal.StartsWith(dribble.Response, "HTTP/1.1 408 "), "a byte a turn cannot keep a slot: " + dribble.Response);
            Assert.IsTrue(dribble.Reads < 300, "read until its deadline only");
            Assert.IsTrue(Ordinal.StartsWith(truncated.Response, "HTTP/1.1 408 "), truncated.Response);
            Assert.IsTrue(Ordinal.StartsWith(oversized.Response, "HTTP/1.1 413 "), oversized.Response);
            Assert.AreEqual(3, rig.Refused);
            Assert.AreEqual(0, rig.Radio.Joins);
        }

        [TestMethod]
        public void RefusesAMalformedFormWithItsReason()
        {
            Rig rig = new Rig();
            FakeStreamConnection post = rig.Post("ssid=home&wpass=%G1");
            FakeStreamConnection twice = rig.Post("ssid=home&name=a&name=b");
            rig.Run();
            Assert.IsTrue(Ordinal.StartsWith(post.Response, "HTTP/1.1 400 "), post.Response);
            Assert.IsTrue(Ordinal.IndexOf(post.Response, "id=msg>the form field &#39;wpass&#39; has a malformed %-escape") > 0, post.Response);
            Assert.IsTrue(Ordinal.IndexOf(twice.Response, "id=msg>the form field &#39;name&#39; appears twice") > 0, twice.Response);
            Assert.AreEqual(0, rig.Radio.Joins);
        }

        [TestMethod]
        public void AnswersADnsFloodAFewAtATimeAndDropsWhatIsNoQuery()
        {
            Rig rig = new Rig();
            for (int i = 0; i < 40; i++)
            {
                rig.Radio.Datagram.Enqueue(DnsAnswerTests.Query(i, "example.org", 1, 1, 1));
            }

            rig.Radio.Datagram.Enqueue(new byte[DnsAnswer.MaxMessageBytes + 1]);
            byte[] truncated = DnsAnswerTests.Query(99, "example.org", 1, 1, 1);
            rig.Radio.Datagram.Enqueue(SubArray(truncated, truncated.Length - 3));
            byte[] response = DnsAnswerTests.Query(98, "example.org", 1, 1, 1);
            response[2] = 0x80;
            rig.Radio.Datagram.Enqueue(response);
            FakeStreamConnection get = rig.Get("/");
            rig.Run();
            Assert.AreEqual(41, rig.Radio.Datagram.Replies.Count, "40 answers and a FORMERR for the truncated query");
            byte[] last = (byte[])rig.Radio.Datagram.Replies[40];
            Assert.AreEqual(99, (int)last[1]);
            Assert.AreEqual(1, last[3] & 0x0F, "FORMERR");
            Assert.IsTrue(Ordinal.StartsWith(get.Response, "HTTP/1.1 200 OK"), "the page was served meanwhile");
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
        public void EndsAfterItsLimitEvenWhilePagesAreAskedFor()
        {
            Rig rig = new Rig();
            long nextRequest = 0;
            rig.Radio.Listener.Tick = () =>
            {
                if (rig.Clock.UptimeMilliseconds >= nextRequest)
                {
                    rig.Get("/");
                    nextRequest = rig.Clock.UptimeMilliseconds + 60000;
                }
            };
            rig.Run();
            Assert.AreEqual((int)SetupOutcome.TimedOut, (int)rig.Outcome);
            Assert.IsTrue(rig.Clock.UptimeMilliseconds >= SetupSession.LimitMilliseconds);
            Assert.IsTrue(rig.Clock.UptimeMilliseconds < SetupSession.LimitMilliseconds + 1000);
            Assert.IsTrue(rig.Radio.Listener.Closed && rig.Radio.Datagram.Closed, "its sockets are closed");
            Assert.IsTrue(rig.Log.Contains("nobody finished setup in time"));
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

        /// <summary>The form page's budget in bytes (docs/setup.md gives its size).</summary>
        private const int MaxPageBytes = 4096;

        private static void AssertNoSecret(Rig rig, FakeStreamConnection first, FakeStreamConnection second)
        {
            string[] secrets = { "hunter22", "brokersecret" };
            for (int i = 0; i < secrets.Length; i++)
            {
                Assert.IsTrue(Ordinal.IndexOf(first.Response, secrets[i]) < 0, "a secret in the response to the form");
                Assert.IsTrue(Ordinal.IndexOf(second.Response, secrets[i]) < 0, "a secret in the page after it");
                Assert.IsFalse(rig.Log.Contains(secrets[i]), "a secret in the log");
            }
        }

        private static byte[] SubArray(byte[] bytes, int length)
        {
            byte[] part = new byte[length];
            System.Array.Copy(bytes, part, length);
            return part;
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

            /// <summary>Requests the session refused.</summary>
            public int Refused { get; private set; }

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

            /// <summary>
            /// Posts <paramref name="body"/>, and asks for the page as soon as the response to it was sent: the two
            /// connections, the second filled in while the session runs.
            /// </summary>
            public FakeStreamConnection[] PostThenGet(string body)
            {
                FakeStreamConnection[] exchange = new FakeStreamConnection[2];
                exchange[0] = Post(body);
                Radio.Listener.Tick = () =>
                {
                    if (exchange[1] == null && exchange[0].Closed)
                    {
                        exchange[1] = Get("/");
                    }
                };
                return exchange;
            }

            public void Run()
            {
                SetupSession session = new SetupSession(Radio, Settings, new SetupIdentity("sensor-b2c3", "esp32-a1b2c3", "0.2.0"), Clock, Log, Battery, Power);
                Outcome = session.Run();
                Refused = session.Refused;
            }
        }
    }
}
