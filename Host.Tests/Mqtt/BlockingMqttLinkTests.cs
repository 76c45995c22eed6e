using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Firmware.Host.Faults;
using Firmware.Host.Hardware;
using Firmware.Host.Mqtt;
using Firmware.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Mqtt
{
    /// <summary>
    /// The fleet's MQTT link (a blocking socket on the device's thread, MQTTnet's packet formatter) against mosquitto:
    /// the port's contract as <see cref="MqttNetLink"/> keeps it (sessions, PUBACK tokens, retained and queued messages,
    /// refusals with their reasons, the will on a drop, a broker that goes away), and its timeouts in device time.
    /// </summary>
    [TestClass]
    public sealed class BlockingMqttLinkTests
    {
        [TestMethod]
        public void APublishsPubackGivesBackItsTokenAndASubscriberGetsTheMessage()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            (BlockingMqttLink reader, VirtualClock readerClock) = Connected(broker.Port, "reader", speed: 1000);
            (BlockingMqttLink writer, _) = Connected(broker.Port, "writer");
            using (reader)
            using (writer)
            {
                Assert.IsTrue(reader.Subscribe("t/#", 1, 5000), reader.LastError);
                MqttMessage message = new MqttMessage(1024);
                Assert.IsFalse(reader.Receive(message, 1000), "nothing is retained yet");

                byte[] payload = Encoding.UTF8.GetBytes("xx-hello-xx");
                int first = writer.Publish("t/a", payload, 3, 5, 1, false);
                int second = writer.Publish("t/b", payload, 0, payload.Length, 1, false);
                Assert.IsTrue(first > 0 && second > first, $"tokens {first}, {second}");
                Assert.AreEqual(0, writer.Publish("t/c", payload, 0, 2, 0, false), "QoS 0 has no token");
                int[] acknowledged = { writer.WaitForAcknowledgement(5000), writer.WaitForAcknowledgement(5000) };
                CollectionAssert.AreEquivalent(new[] { first, second }, acknowledged);

                List<string> received = new List<string>();
                long deviceBefore = readerClock.UptimeMilliseconds;
                while (received.Count < 3 && reader.Receive(message, 60_000))
                {
                    received.Add(message.Topic + "=" + Encoding.UTF8.GetString(message.Payload, 0, message.Length));
                }

                CollectionAssert.AreEqual(new[] { "t/a=hello", "t/b=xx-hello-xx", "t/c=xx" }, received);
                Assert.IsTrue(readerClock.UptimeMilliseconds - deviceBefore < 60_000, "the messages ended the waits early");
            }
        }

        [TestMethod]
        public void TheRetainedMessagesOfTheSubscriptionsAreTakenAtTheFirstReceiveWithoutWaitingItsTimeout()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            (BlockingMqttLink writer, _) = Connected(broker.Port, "writer");
            using (writer)
            {
                for (int i = 0; i < 3; i++)
                {
                    byte[] payload = Encoding.UTF8.GetBytes("value " + i);
                    writer.Publish("r/" + i, payload, 0, payload.Length, 1, true);
                    Assert.IsTrue(writer.WaitForAcknowledgement(5000) > 0);
                }
            }

            (BlockingMqttLink device, VirtualClock clock) = Connected(broker.Port, "device");
            using (device)
            {
                Assert.IsTrue(device.Subscribe("r/#", 1, 5000), device.LastError);
                long before = clock.UptimeMilliseconds;
                MqttMessage message = new MqttMessage(256);
                List<string> topics = new List<string>();
                Assert.IsTrue(device.Receive(message, 30_000), "the retained messages were on their way");
                do
                {
                    Assert.IsTrue(message.Retained, message.Topic + " came as retained");
                    topics.Add(message.Topic);
                }
                while (device.Receive(message, 0));

                CollectionAssert.AreEquivalent(new[] { "r/0", "r/1", "r/2" }, topics);
                Assert.IsTrue(clock.UptimeMilliseconds - before < 30_000, "the receive did not wait out its timeout: the PINGRESP said all had come");
            }
        }

        [TestMethod]
        public void AMessageLargerThanTheReadBufferArrivesWhole()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            byte[] large = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
            (BlockingMqttLink writer, _) = Connected(broker.Port, "bulk");
            using (writer)
            {
                writer.Publish("big/one", large, 0, large.Length, 1, true);
                Assert.IsTrue(writer.WaitForAcknowledgement(5000) > 0);
            }

            (BlockingMqttLink device, _) = Connected(broker.Port, "device");
            using (device)
            {
                Assert.IsTrue(device.Subscribe("big/#", 1, 5000), device.LastError);
                MqttMessage message = new MqttMessage(200_000);

                Assert.IsTrue(device.Receive(message, 30_000), device.LastError);

                Assert.AreEqual("big/one", message.Topic);
                CollectionAssert.AreEqual(large, message.Payload.Take(message.Length).ToArray());
                Assert.IsTrue(device.IsConnected);
            }
        }

        [TestMethod]
        public void APersistentSessionGetsWhatWasPublishedWhileTheDeviceWasAway()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            (BlockingMqttLink device, _) = Connected(broker.Port, "sleeper", cleanSession: false);
            Assert.IsFalse(device.SessionPresent);
            Assert.IsTrue(device.Subscribe("cmd/sleeper", 1, 5000), device.LastError);
            device.Disconnect();
            Assert.IsFalse(device.IsConnected);

            (BlockingMqttLink writer, _) = Connected(broker.Port, "writer");
            using (writer)
            {
                byte[] command = Encoding.UTF8.GetBytes("{\"command\":\"status\"}");
                writer.Publish("cmd/sleeper", command, 0, command.Length, 1, false);
                Assert.IsTrue(writer.WaitForAcknowledgement(5000) > 0);
            }

            using (device)
            {
                Assert.AreEqual(MqttConnectResult.Accepted, device.Connect(Options(broker.Port, "sleeper", cleanSession: false), 5000), device.LastError);
                Assert.IsTrue(device.SessionPresent, "the broker kept the session");
                MqttMessage message = new MqttMessage(256);
                Assert.IsTrue(device.Receive(message, 5000), "the queued command came on connect");
                Assert.AreEqual("cmd/sleeper", message.Topic);
                Assert.IsFalse(message.Retained);
            }
        }

        [TestMethod]
        public void AWaitForAMessageThatDoesNotComeIsDeviceTimeNotRealTime()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            (BlockingMqttLink device, VirtualClock clock) = Connected(broker.Port, "idle");
            using (device)
            {
                Assert.IsTrue(device.Subscribe("nothing/#", 1, 5000));
                MqttMessage message = new MqttMessage(64);
                Assert.IsFalse(device.Receive(message, 1000), "no retained message");
                long before = clock.UptimeMilliseconds;
                Stopwatch real = Stopwatch.StartNew();

                Assert.IsFalse(device.Receive(message, 600_000));

                Assert.IsTrue(clock.UptimeMilliseconds - before >= 600_000, $"{clock.UptimeMilliseconds - before} ms of device time passed");
                Assert.IsTrue(real.ElapsedMilliseconds < 3000, $"ten minutes of device time took {real.ElapsedMilliseconds} ms");
                Assert.IsTrue(device.IsConnected);
            }
        }

        [TestMethod]
        public void ALostPubackCostsItsTimeoutInDeviceTimeAndTheConnectionStays()
        {
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            using FaultProxy proxy = FaultProxy.Start(new FaultPlan { LosePubackProbability = 1 }, "127.0.0.1", broker.Port, () => 0);
            (BlockingMqttLink link, VirtualClock clock) = Connected(proxy.Port, "lossy", graceMilliseconds: 1000);
            using (link)
            {
                int token = link.Publish("faults/lost", new byte[] { 1, 2 }, 0, 2, 1, false);
                long deviceStart = clock.UptimeMilliseconds;
                Stopwatch real = Stopwatch.StartNew();

                Assert.AreEqual(0, link.WaitForAcknowledgement(5000));

                Assert.IsTrue(token > 0);
                Assert.IsTrue(real.ElapsedMilliseconds < 3500, $"a 5 s PUBACK timeout took {real.ElapsedMilliseconds} ms of real time (a grace of 1 s, then a PINGREQ)");
                Assert.IsTrue(clock.UptimeMilliseconds - deviceStart >= 5000, $"only {clock.UptimeMilliseconds - deviceStart} ms of device time passed");
                Assert.AreEqual(1, link.PubacksFoundLost);
                Assert.IsTrue(link.IsConnected, "a PINGRESP came: the connection is alive");
            }
        }

        [TestMethod]
        public void ALatePubackIsStillTaken()
        {
            using EmbeddedBroker broker = EmbeddedBroker.Start(0);
            using FaultProxy proxy = FaultProxy.Start(new FaultPlan { LatencyMilliseconds = 200 }, "127.0.0.1", broker.Port, () => 0);
            (BlockingMqttLink link, _) = Connected(proxy.Port, "late");
            using (link)
            {
                int token = link.Publish("faults/late", new byte[] { 1, 2 }, 0, 2, 1, false);

                Assert.AreEqual(token, link.WaitForAcknowledgement(5000), "a PUBACK 200 ms late is within the grace");
                Assert.AreEqual(0, link.PubacksFoundLost);
            }
        }

        [TestMethod]
        public void ABrokerThatRefusesTheLoginIsNamedWithTheCodeAndNoSecret()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: false, userName: "fleet", password: "right-secret");
            VirtualClock clock = new VirtualClock(100_000, CancellationToken.None);
            using BlockingMqttLink link = new BlockingMqttLink(clock);
            MqttConnectOptions options = Options(broker.Port, "intruder");
            options.UserName = "fleet";
            options.Password = "wrong-secret";

            Assert.AreEqual(MqttConnectResult.NotAuthorized, link.Connect(options, 5000));

            StringAssert.Contains(link.LastError, "refused the login");
            Assert.IsFalse(link.LastError.Contains("secret"), link.LastError);
            Assert.IsFalse(link.IsConnected);
            options.Password = "right-secret";
            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(options, 5000), link.LastError);
        }

        [TestMethod]
        public void NoListenerAndATlsRequestAreRefusedWithTheirReasons()
        {
            int port = FreePort();
            VirtualClock clock = new VirtualClock(100_000, CancellationToken.None);
            using BlockingMqttLink link = new BlockingMqttLink(clock);

            Assert.AreEqual(MqttConnectResult.Unreachable, link.Connect(Options(port, "nobody"), 5000));
            StringAssert.Contains(link.LastError, "127.0.0.1:" + port + " refused the connection");

            MqttConnectOptions tls = Options(port, "tls");
            tls.UseTls = true;
            Assert.AreEqual(MqttConnectResult.InvalidOptions, link.Connect(tls, 5000));
            StringAssert.Contains(link.LastError, "plain TCP");
        }

        [TestMethod]
        public void ADroppedConnectionFiresTheWillAndRefusesFurtherWork()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            (BlockingMqttLink watcher, _) = Connected(broker.Port, "watcher");
            using (watcher)
            {
                Assert.IsTrue(watcher.Subscribe("status/#", 1, 5000));
                VirtualClock clock = new VirtualClock(100_000, CancellationToken.None);
                BlockingMqttLink device = new BlockingMqttLink(clock);
                MqttConnectOptions options = Options(broker.Port, "dropper");
                options.WillTopic = "status/dropper";
                options.WillPayload = Encoding.UTF8.GetBytes("offline");
                options.WillQos = 1;
                Assert.AreEqual(MqttConnectResult.Accepted, device.Connect(options, 5000), device.LastError);

                device.Dispose();

                Assert.IsFalse(device.IsConnected);
                Assert.AreEqual(-1, device.Publish("status/dropper", new byte[1], 0, 1, 1, false));
                Assert.AreEqual("not connected", device.LastError);
                Assert.AreEqual(0, device.WaitForAcknowledgement(1000));
                MqttMessage message = new MqttMessage(64);
                Assert.IsTrue(watcher.Receive(message, 30_000), "the broker sent the will");
                Assert.AreEqual("offline", Encoding.UTF8.GetString(message.Payload, 0, message.Length));
            }
        }

        [TestMethod]
        public void TheBrokersLocalSocketCarriesTheSameBrokerAsItsPort()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: false, userName: null, password: null, localSocket: true);
            Assert.IsNotNull(broker.LocalSocket);
            (BlockingMqttLink reader, _) = Connected(broker.Port, "reader", cleanSession: false, localSocket: broker.LocalSocket);
            (BlockingMqttLink writer, _) = Connected(broker.Port, "writer");
            using (writer)
            {
                using (reader)
                {
                    Assert.AreEqual(broker.LocalSocket, reader.LocalSocket);
                    Assert.IsTrue(reader.Subscribe("local/#", 1, 5000), reader.LastError);
                    byte[] payload = Encoding.UTF8.GetBytes("over tcp");
                    Assert.IsTrue(writer.Publish("local/a", payload, 0, payload.Length, 1, false) > 0);
                    Assert.IsTrue(writer.WaitForAcknowledgement(5000) > 0);
                    MqttMessage message = new MqttMessage(64);
                    Assert.IsTrue(reader.Receive(message, 60_000), "the message from the TCP client came through the local socket");
                    Assert.AreEqual("over tcp", Encoding.UTF8.GetString(message.Payload, 0, message.Length));
                }

                // The session the local client left is the broker's: a message for it is queued and comes at its return.
                byte[] queued = Encoding.UTF8.GetBytes("while away");
                Assert.IsTrue(writer.Publish("local/b", queued, 0, queued.Length, 1, false) > 0);
                Assert.IsTrue(writer.WaitForAcknowledgement(5000) > 0);
                (BlockingMqttLink back, _) = Connected(broker.Port, "reader", cleanSession: false, localSocket: broker.LocalSocket);
                using (back)
                {
                    Assert.IsTrue(back.SessionPresent);
                    MqttMessage message = new MqttMessage(64);
                    Assert.IsTrue(back.Receive(message, 60_000), "the queued message came at the return");
                    Assert.AreEqual("while away", Encoding.UTF8.GetString(message.Payload, 0, message.Length));
                }
            }
        }

        [TestMethod]
        public void NoBrokerOnTheLocalSocketIsUnreachableAndNamesTheSocket()
        {
            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "no-broker-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".sock");
            VirtualClock clock = new VirtualClock(100_000, CancellationToken.None);
            using BlockingMqttLink link = new BlockingMqttLink(clock, 3000, path);

            Assert.AreEqual(MqttConnectResult.Unreachable, link.Connect(Options(FreePort(), "nobody"), 5000));
            StringAssert.Contains(link.LastError, "no broker takes connections on the local socket " + path);
            Assert.IsFalse(link.IsConnected);
        }

        [TestMethod]
        [DataRow(false, DisplayName = "TCP")]
        [DataRow(true, DisplayName = "the broker's local socket")]
        public void ADropRightAfterAPublishStillDeliversItWithUnreadMessagesOnTheSocket(bool local)
        {
            using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: false, userName: null, password: null, localSocket: local);
            string localSocket = broker.LocalSocket;
            (BlockingMqttLink writer, _) = Connected(broker.Port, "retainer", localSocket: localSocket);
            // A slow clock for the watcher: a wait of 600 s of device time is 6 s of real time.
            (BlockingMqttLink watcher, _) = Connected(broker.Port, "watcher", speed: 100, localSocket: localSocket);
            using (writer)
            using (watcher)
            {
                Assert.IsTrue(watcher.Subscribe("last/#", 1, 5000));
                byte[] retained = new byte[2000];
                for (int i = 0; i < 20; i++)
                {
                    writer.Publish("unread/" + i, retained, 0, retained.Length, 1, true);
                    Assert.IsTrue(writer.WaitForAcknowledgement(5000) > 0);
                }

                for (int round = 0; round < 20; round++)
                {
                    // A weak link's drop, as the fleet makes it: the publish is the last thing the connection carries,
                    // while the retained messages the subscription brought are still unread.
                    (BlockingMqttLink device, _) = Connected(broker.Port, "dropper-" + round, localSocket: localSocket);
                    Assert.IsTrue(device.Subscribe("unread/#", 1, 5000));
                    byte[] status = Encoding.UTF8.GetBytes("round " + round);
                    Assert.IsTrue(device.Publish("last/status", status, 0, status.Length, 1, false) > 0);
                    device.Dispose();

                    MqttMessage message = new MqttMessage(64);
                    Assert.IsTrue(watcher.Receive(message, 600_000), $"round {round}: the last publish was lost with the drop");
                    Assert.AreEqual("round " + round, Encoding.UTF8.GetString(message.Payload, 0, message.Length));
                }
            }
        }

        [TestMethod]
        public void ABrokerThatGoesAwayEndsTheSessionAndAReconnectAfterItsReturnWorks()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            (BlockingMqttLink device, VirtualClock clock) = Connected(broker.Port, "survivor", graceMilliseconds: 500);
            using (device)
            {
                Assert.IsTrue(device.Subscribe("cmd/#", 1, 5000));
                broker.Stop();

                // The wait for a message ends with the connection, not with its timeout.
                long before = clock.UptimeMilliseconds;
                Assert.IsFalse(device.Receive(new MqttMessage(64), 3_600_000));
                Assert.IsTrue(clock.UptimeMilliseconds - before < 3_600_000, "the closed socket ended the wait");
                Assert.IsFalse(device.IsConnected);
                Assert.AreEqual(-1, device.Publish("t", new byte[1], 0, 1, 1, false));

                Assert.AreEqual(MqttConnectResult.Unreachable, device.Connect(Options(broker.Port, "survivor"), 5000));
                broker.Resume();
                Assert.AreEqual(MqttConnectResult.Accepted, device.Connect(Options(broker.Port, "survivor"), 5000), device.LastError);
                int token = device.Publish("t", new byte[1], 0, 1, 1, false);
                Assert.AreEqual(token, device.WaitForAcknowledgement(5000));
            }
        }

        [TestMethod]
        public void APublishLostWithTheBrokerGetsNoTokenBack()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            (BlockingMqttLink device, _) = Connected(broker.Port, "orphan", graceMilliseconds: 300);
            using (device)
            {
                broker.Stop();
                int token = device.Publish("t", new byte[10], 0, 10, 1, false);

                // Sent into a closed connection (its end is read by the wait) or refused at once: never acknowledged.
                if (token > 0)
                {
                    Assert.AreEqual(0, device.WaitForAcknowledgement(5000));
                }

                Assert.IsFalse(device.IsConnected);
                Assert.AreEqual(0, device.PubacksFoundLost, "a closed connection is not a lost PUBACK");
            }
        }

        private static (BlockingMqttLink Link, VirtualClock Clock) Connected(int port, string clientId, bool cleanSession = true, int graceMilliseconds = 3000, double speed = 100_000, string localSocket = null)
        {
            VirtualClock clock = new VirtualClock(speed, CancellationToken.None);
            BlockingMqttLink link = new BlockingMqttLink(clock, graceMilliseconds, localSocket);
            Assert.AreEqual(MqttConnectResult.Accepted, link.Connect(Options(port, clientId, cleanSession), 5000), link.LastError);
            return (link, clock);
        }

        private static MqttConnectOptions Options(int port, string clientId, bool cleanSession = true) =>
            new MqttConnectOptions { Host = "127.0.0.1", Port = port, ClientId = clientId, CleanSession = cleanSession, KeepAliveSeconds = 60 };

        private static int FreePort()
        {
            using Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)socket.LocalEndPoint).Port;
        }
    }
}
