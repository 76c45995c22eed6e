using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Hardware;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Setup
{
    /// <summary>
    /// The twin's --setup over plain sockets (what a browser cannot do or show): the captive DNS answers every name with
    /// the device's address, a phone's connectivity check is sent to the page, hostile bytes get a refusal while the page
    /// goes on, and a form posted from erased flash brings the device online: its first reading reaches mosquitto, and
    /// the report gives the device's share of a first run in device time.
    /// </summary>
    [TestClass]
    public sealed class TwinSetupTests
    {
        /// <summary>The twin's page line: its URL, the access point's name and the DNS port.</summary>
        public const string PageUpLine = @"setup: the page is up on (\S+) \(access point '([^']+)', DNS on udp 127\.0\.0\.1:(\d+)\)";

        [TestMethod]
        public void TheCaptiveDnsAnswersEveryNameAndThePageRefusesHostileRequestsAndGoesOn()
        {
            using SetupTwin twin = SetupTwin.Start();
            Match up = twin.WaitFor(PageUpLine, TimeSpan.FromSeconds(30));
            Assert.AreEqual(twin.Url, up.Groups[1].Value);
            Assert.AreEqual("sensor-win1", up.Groups[2].Value, "the SSID ends with the device id's last four letters or digits");
            int dnsPort = int.Parse(up.Groups[3].Value);

            using UdpClient dns = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            dns.Client.ReceiveTimeout = 5000;
            IPEndPoint server = new IPEndPoint(IPAddress.Loopback, dnsPort);
            dns.Send(new byte[] { 1, 2, 3 }, 3, server);
            foreach (string name in new[] { "connectivitycheck.gstatic.com", "captive.apple.com", "www.msftconnecttest.com" })
            {
                byte[] query = Query(0x4242, name);
                dns.Send(query, query.Length, server);
                IPEndPoint from = null;
                byte[] answer = dns.Receive(ref from);
                Assert.AreEqual(0x42, (int)answer[1], "the query's id");
                Assert.AreEqual(0, answer[3] & 0x0F, "NOERROR");
                Assert.AreEqual(1, (int)answer[7], "one answer");
                CollectionAssert.AreEqual(new byte[] { 127, 0, 0, 1 }, answer.Skip(answer.Length - 4).ToArray(), name + " is the device");
            }

            Assert.IsTrue(Raw(twin.Port, "\u0001\u0002\u0003 nonsense\r\n\r\n").StartsWith("HTTP/1.1 400 Bad Request\r\n", StringComparison.Ordinal));
            string probe = Raw(twin.Port, "GET /generate_204 HTTP/1.1\r\nHost: connectivitycheck.gstatic.com\r\n\r\n");
            StringAssert.StartsWith(probe, "HTTP/1.1 302 Found\r\n");
            StringAssert.Contains(probe, $"\r\nLocation: {twin.Url}\r\n", "a phone's connectivity check is sent to the setup page");

            using HttpClient http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string page = WaitForNetworks(http, twin);
            StringAssert.Contains(page, "<title>Set up sensor-win1</title>");
            StringAssert.Contains(page, "<option value=\"home\" selected>home (-48 dBm)</option><option value=\"office\">office (-67 dBm)</option><option value=\"guest\">guest (-74 dBm)</option>");
            StringAssert.Contains(page, "<b id=hw>twin-1</b>");
            StringAssert.Contains(page, "<span id=battery>battery 100 % (3.2 V)</span>");
            Assert.IsFalse(page.Contains("://", StringComparison.Ordinal), "nothing from elsewhere");

            TwinReport report = twin.Stop();
            Assert.IsNotNull(report.SetupPageUpSeconds);
            Assert.IsFalse(report.SetupStored);
            StringAssert.Contains(twin.Output, "; no settings stored (device time)");
        }

        [TestMethod]
        public void AFormPostedFromErasedFlashBringsTheDeviceOnlineAndItsFirstReadingReachesTheBroker()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: false, userName: "kitchen", password: "s3cret-pass");
            using Subscriber judge = Subscriber.Start(broker.Port, "sensors/kitchen/#", "kitchen", "s3cret-pass");
            using SetupTwin twin = SetupTwin.Start("--broker", $"mqtt://127.0.0.1:{broker.Port}");
            twin.WaitFor(PageUpLine, TimeSpan.FromSeconds(30));
            using HttpClient http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            WaitForNetworks(http, twin);

            string form = $"ssid=home&other=&wpass={SimulatedWifi.HomePassword}&host=127.0.0.1&port={broker.Port}&user=kitchen&pass=s3cret-pass&prefix=sensors&name=kitchen";
            string answer = Post(http, twin, form);
            DateTime deadline = DateTime.UtcNow.AddSeconds(30);
            while (answer.Contains("Connecting to", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
                answer = http.GetStringAsync(twin.Url + "result").GetAwaiter().GetResult();
            }

            StringAssert.Contains(answer, "Saved. <b>kitchen</b> reached the network <b>home</b> and the broker");
            deadline = DateTime.UtcNow.AddSeconds(60);
            while (!judge.Messages.Any(m => m.Topic == "sensors/kitchen/telemetry") && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }

            Assert.IsTrue(judge.Messages.Any(m => m.Topic == "sensors/kitchen/telemetry"), "the first reading reached the broker:\n" + twin.Output + broker.Log);
            twin.WaitFor(@"info  radio    session \d+ from .*: [1-9]\d* reading\(s\) delivered", TimeSpan.FromSeconds(30));
            TwinReport report = twin.Stop();

            Assert.IsTrue(report.SetupStored);
            Assert.IsTrue(report.Observed, "the twin's own subscriber followed the broker and topic setup stored");
            double pageUp = report.SetupPageUpSeconds.Value;
            double firstReading = report.SetupSubmitToFirstReadingSeconds.Value;
            Console.WriteLine(string.Join("\n", twin.Output.Split('\n').Where(l => l.StartsWith("setup: page up", StringComparison.Ordinal))));

            // The page comes up after two boots (the access point starts at the second) and the access point's start;
            // the first reading needs the trial join, a restart and the first wake's connect.
            double boot = 1.5;
            Assert.IsTrue(pageUp >= (2 * boot) + (TwinSetupRadio.StartMilliseconds / 1000.0) && pageUp < 15, $"page up after {pageUp} s");
            Assert.IsTrue(firstReading >= 2 + boot + 2 && firstReading < 30, $"first reading {firstReading} s after submit");
            StringAssert.Contains(twin.Output, $"first reading delivered {firstReading:0.0} s after the form was submitted (device time)");
            Assert.IsFalse(twin.Output.Contains("s3cret-pass", StringComparison.Ordinal) || twin.Output.Contains(SimulatedWifi.HomePassword, StringComparison.Ordinal), "no secret in the twin's log");
        }

        /// <summary>GET / until the scan's networks are listed (the page says it is looking until then); the page.</summary>
        public static string WaitForNetworks(HttpClient http, SetupTwin twin)
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                string page = http.GetStringAsync(twin.Url).GetAwaiter().GetResult();
                if (!page.Contains("Looking for networks", StringComparison.Ordinal))
                {
                    return page;
                }

                Assert.IsTrue(DateTime.UtcNow < deadline, "the networks were never listed:\n" + twin.Output);
                Thread.Sleep(250);
            }
        }

        private static string Post(HttpClient http, SetupTwin twin, string form)
        {
            using StringContent content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
            using HttpResponseMessage response = http.PostAsync(twin.Url + "setup", content).GetAwaiter().GetResult();
            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }

        /// <summary>Sends <paramref name="request"/> as it is and returns what came back until the server closed.</summary>
        private static string Raw(int port, string request)
        {
            using TcpClient client = new TcpClient("127.0.0.1", port);
            client.ReceiveTimeout = 15000;
            NetworkStream stream = client.GetStream();
            byte[] bytes = Encoding.Latin1.GetBytes(request);
            stream.Write(bytes, 0, bytes.Length);
            byte[] buffer = new byte[8192];
            StringBuilder response = new StringBuilder();
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                response.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }

            return response.ToString();
        }

        /// <summary>A standard DNS query (recursion desired) for the A record of <paramref name="name"/>.</summary>
        private static byte[] Query(int id, string name)
        {
            byte[] header = { (byte)(id >> 8), (byte)id, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
            byte[] labels = name.Split('.').SelectMany(l => new[] { (byte)l.Length }.Concat(Encoding.ASCII.GetBytes(l))).ToArray();
            return header.Concat(labels).Concat(new byte[] { 0, 0, 1, 0, 1 }).ToArray();
        }
    }
}
