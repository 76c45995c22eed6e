using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Firmware.Host.Faults;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Firmware.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Faults
{
    /// <summary>Each fault of the proxy, observed at the MQTT level through the twin's own link.</summary>
    [TestClass]
    public sealed class FaultProxyTests
    {
        [TestMethod]
        public void LostPubacksLeaveQos1PublishesUnacknowledgedOnTheEmbeddedBroker()
        {
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            AssertPubacksLost(broker.Port);
        }

        [TestMethod]
        public void LostPubacksLeaveQos1PublishesUnacknowledgedOnMosquitto()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            AssertPubacksLost(broker.Port);
        }

        [TestMethod]
        public void WithoutFaultsTheProxyPassesEverything()
        {
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            using FaultProxy proxy = FaultProxy.Start(new FaultPlan(), "127.0.0.1", broker.Port, () => 0);
            using MqttNetLink link = new MqttNetLink();

            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(Options(proxy), 5000), link.LastError);
            for (int i = 0; i < 5; i++)
            {
                int token = link.Publish("faults/t", new byte[] { (byte)i }, 0, 1, 1, false);
                Assert.AreEqual(token, link.WaitForAcknowledgement(5000));
            }

            Assert.AreEqual(1, proxy.Sessions);
            Assert.AreEqual(0, proxy.PubacksLost);
        }

        [TestMethod]
        public void AHalfChanceLosesSomePubacksAndPassesOthersRepeatably()
        {
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            FaultPlan plan = new FaultPlan { LosePubackProbability = 0.5, Seed = 5 };
            using FaultProxy proxy = FaultProxy.Start(plan, "127.0.0.1", broker.Port, () => 0);
            using MqttNetLink link = new MqttNetLink();
            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(Options(proxy), 5000), link.LastError);

            int acknowledged = 0;
            for (int i = 0; i < 20; i++)
            {
                int lostBefore = proxy.PubacksLost;
                int token = link.Publish("faults/t", new byte[] { (byte)i }, 0, 1, 1, false);
                // Until the PUBACK comes or the proxy drops it: on busy cores one passed on can take longer than a slice.
                for (int slice = 0; slice < 100 && proxy.PubacksLost == lostBefore; slice++)
                {
                    if (link.WaitForAcknowledgement(100) == token)
                    {
                        acknowledged++;
                        break;
                    }
                }
            }

            Assert.AreEqual(20, acknowledged + proxy.PubacksLost);
            Assert.IsTrue(acknowledged > 0 && proxy.PubacksLost > 0, $"{acknowledged} acknowledged, {proxy.PubacksLost} lost");
            Assert.IsTrue(link.IsConnected);
        }

        [TestMethod]
        public void TheConnectionIsCutAfterNPackets()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            using Subscriber judge = Subscriber.Start(broker.Port, "faults/#");
            FaultPlan plan = new FaultPlan { DropAfterPackets = 3 };
            using FaultProxy proxy = FaultProxy.Start(plan, "127.0.0.1", broker.Port, () => 0);
            using MqttNetLink link = new MqttNetLink();

            // Packet 1 is CONNECT, 2 and 3 are publishes; the third packet reaches the broker, then the cut.
            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(Options(proxy), 5000), link.LastError);
            int first = link.Publish("faults/cut", new byte[] { 1 }, 0, 1, 1, false);
            Assert.AreEqual(first, link.WaitForAcknowledgement(5000));
            Assert.IsTrue(link.IsConnected);
            int second = link.Publish("faults/cut", new byte[] { 2 }, 0, 1, 1, false);

            Assert.AreEqual(0, link.WaitForAcknowledgement(2000), "the PUBACK of the packet at the cut never arrives");
            Assert.IsTrue(Eventually(() => !link.IsConnected), "still connected after the cut");
            Assert.AreEqual(1, proxy.CutAfterPackets);
            Assert.IsTrue(Eventually(() => judge.Messages.Count == 2), "the broker got the packet sent at the cut: " + judge.Messages.Count);

            // A new connection counts its own packets.
            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(Options(proxy), 5000), link.LastError);
            Assert.IsTrue(link.IsConnected);
            Assert.IsTrue(second > 0);
        }

        [TestMethod]
        public void TheBrokerIsUnreachableDuringADownWindowAndBackAfterIt()
        {
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            FaultPlan plan = new FaultPlan();
            plan.AddBrokerDownWindow(1000, 2000);
            long now = 0;
            using FaultProxy proxy = FaultProxy.Start(plan, "127.0.0.1", broker.Port, () => Interlocked.Read(ref now));
            using MqttNetLink link = new MqttNetLink();

            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(Options(proxy), 5000), link.LastError);

            Interlocked.Exchange(ref now, 1500);
            Assert.IsTrue(Eventually(() => !link.IsConnected), "the open connection was not cut when the window began");
            // The proxy counts a cut once its close returned, which the client may see first.
            Assert.IsTrue(Eventually(() => proxy.CutByWindow == 1), $"{proxy.CutByWindow} cut(s) counted");
            MqttConnectResult refused = link.Connect(Options(proxy), 5000);
            Assert.AreEqual(MqttConnectResult.Unreachable, refused, link.LastError);
            Assert.AreEqual(1, proxy.Refused);

            Interlocked.Exchange(ref now, 2000);
            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(Options(proxy), 5000), link.LastError);
        }

        [TestMethod]
        public void TheTwinRoutesItsConnectionsThroughTheProxyWhenAFaultIsSet()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            TwinOptions options = TwinOptions.Parse(new[] { "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--duration", "5h", "--radio-interval", "20m", "--speed", "20000", "--quiet",
                "--fault-broker-down", "1h-2h", "--flash", Path.Combine(Path.GetTempPath(), "fault-proxy-" + Guid.NewGuid().ToString("N") + ".flash"), "--fresh" }, out string error);
            Assert.IsNull(error);
            StringWriter output = new StringWriter();

            TwinReport report = Firmware.Host.Twin.Run(options, output, CancellationToken.None);

            StringAssert.Contains(output.ToString(), "fault injection through mqtt://127.0.0.1:");
            Assert.IsNotNull(report.Faults);
            Assert.IsFalse(report.Faults.StartsWith("0 connection(s) passed", StringComparison.Ordinal), report.Faults);
            Assert.IsFalse(report.Faults.Contains(" 0 refused while the broker was down", StringComparison.Ordinal), report.Faults);

            // A battery device holds no connection open between sessions: the window refuses the sessions in it, and
            // the readings of the window arrive with the first session after it. The judge subscribes to the broker directly.
            Assert.IsTrue(report.Received.Any(s => s <= 12), "nothing from the first hour: " + string.Join(",", report.Received));
            Assert.IsTrue(report.Received.Any(s => s > 24), "nothing after the window: " + string.Join(",", report.Received));
            Assert.AreEqual(0L, report.Lost);
        }

        private static void AssertPubacksLost(int brokerPort)
        {
            FaultPlan plan = new FaultPlan { LosePubackProbability = 1 };
            using FaultProxy proxy = FaultProxy.Start(plan, "127.0.0.1", brokerPort, () => 0);
            using MqttNetLink link = new MqttNetLink();

            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(Options(proxy), 5000), link.LastError);
            int token = link.Publish("faults/lost", new byte[] { 1, 2 }, 0, 2, 1, false);

            Assert.IsTrue(token > 0, link.LastError);
            Assert.AreEqual(0, link.WaitForAcknowledgement(1500));
            Assert.IsTrue(link.IsConnected, "losing a PUBACK must not cut the connection");
            Assert.IsTrue(Eventually(() => proxy.PubacksLost == 1), "lost: " + proxy.PubacksLost);
        }

        private static MqttConnectOptions Options(FaultProxy proxy)
        {
            return new MqttConnectOptions
            {
                Host = "127.0.0.1",
                Port = proxy.Port,
                ClientId = "faults-" + Guid.NewGuid().ToString("N").Substring(0, 8),
                CleanSession = true,
            };
        }

        private static bool Eventually(Func<bool> condition)
        {
            Stopwatch watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(5))
            {
                if (condition())
                {
                    return true;
                }

                Thread.Sleep(20);
            }

            return condition();
        }
    }
}
