using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Ota.Rollout;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Firmware.Host.Tests.Ota.Rollout.RolloutFixture;

namespace Firmware.Host.Tests.Ota.Rollout
{
    /// <summary>
    /// The rollout's MQTT client against mosquitto keeping sessions across a clean restart: the broker goes away, and its
    /// port answers for a while without taking a session ("server unavailable", as a broker starting up or shedding load
    /// does) before mosquitto is back. The link tries again at a pace that doubles rather than as fast as it is refused,
    /// resumes its persistent session with its share group's subscriptions, and its flush and publishes carry on.
    /// </summary>
    [TestClass]
    public sealed class RolloutLinkTests
    {
        [TestMethod]
        public void ABrokerThatGoesAwayAndRefusesTheSessionForAWhileCostsTheLinkAPauseNotItsConnection()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: true, userName: null, password: null);
            Publisher.Publish(broker.Port, $"sensors/{Id(1)}/status", Encoding.UTF8.GetString(Status(Id(1), "0.2.0", 0).Payload), retain: true);
            using RolloutLink link = RolloutLink.Connect("127.0.0.1", broker.Port, "sensors", "ota-rollout-" + Guid.NewGuid().ToString("N").Substring(0, 12), "rollouts", null,
                TimeSpan.FromSeconds(10));
            Assert.IsTrue(link.Flush(TimeSpan.FromSeconds(10)), link.LastDisconnect);
            RolloutMessage known = link.Drain().Single();
            Assert.AreEqual($"sensors/{Id(1)}/status", known.Topic);
            Assert.IsTrue(known.Retained, "the copy of a retained status that the subscription brings is flagged retained");

            broker.Stop();
            int refused;
            string whileRefused;
            double refusingSeconds;
            using (RefusingBroker refusing = RefusingBroker.Start(broker.Port))
            {
                Stopwatch refusal = Stopwatch.StartNew();
                Assert.IsTrue(SpinWait.SpinUntil(() => refusing.Refused >= 2, 15000), "the link tried its session again: " + link.LastDisconnect);
                Thread.Sleep(Math.Max(0, 3000 - (int)refusal.ElapsedMilliseconds));
                whileRefused = link.LastDisconnect;
                refused = refusing.Refused;
                refusingSeconds = refusal.Elapsed.TotalSeconds;
            }

            // Pauses of 0.1 s doubling: about log2(time / 0.1 s) tries, where one straight after another would be thousands.
            int paced = 3 + (int)Math.Ceiling(Math.Log2(refusingSeconds / 0.1));
            Assert.IsTrue(refused <= paced, $"{refused} sessions refused in {refusingSeconds:0.0} s: the link must pause between its tries (at most {paced})");
            StringAssert.Contains(whileRefused, "ServerUnavailable", "the refusal is what the link reports while it lasts");

            // mosquitto before 2.0.19 restores the session without its shared subscriptions: until the link has made
            // them again a device's event reaches nobody, so it is published until one arrives.
            broker.Resume();
            List<RolloutMessage> heard = new List<RolloutMessage>();
            Stopwatch resuming = Stopwatch.StartNew();
            while (heard.Count == 0 && resuming.Elapsed < TimeSpan.FromSeconds(30))
            {
                Publisher.Publish(broker.Port, $"sensors/{Id(2)}/events", Encoding.UTF8.GetString(Event(Id(2), "updated", "0.3.0", 0).Payload), retain: false);
                Assert.IsTrue(link.Flush(TimeSpan.FromSeconds(30)), "the link's marker came back once mosquitto was: " + link.LastDisconnect);
                heard.AddRange(link.Drain());
            }

            Assert.AreNotEqual(0, heard.Count, "the link hears the devices again through its share group: " + link.LastDisconnect);
            Assert.IsTrue(heard.All(m => m.Topic == $"sensors/{Id(2)}/events" && !m.Retained), string.Join(", ", heard.Select(m => $"{m.Topic} retained {m.Retained}")));

            link.Publish(new[] { new RolloutPublication($"sensors/{Id(2)}/ota", Release.Manifest, true) }, TimeSpan.FromSeconds(10));
            using Subscriber announces = Subscriber.Start(broker.Port, "sensors/+/ota");
            Assert.IsTrue(SpinWait.SpinUntil(() => announces.Messages.Count == 1, 10000), "the announce the link published after the restart is retained");
            Assert.IsTrue(announces.Messages[0].Payload.AsSpan().SequenceEqual(Release.Manifest));
        }

        [TestMethod]
        public void ALinkDisposedKeepsItsSessionForItsNextRunAndOneRetiredEndsIt()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: true, userName: null, password: null);
            string kept = "ota-rollout-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            string retired = "ota-rollout-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            RolloutLink.Connect("127.0.0.1", broker.Port, "sensors", kept, null, null, TimeSpan.FromSeconds(10)).Dispose();
            RolloutLink.Connect("127.0.0.1", broker.Port, "sensors", retired, null, null, TimeSpan.FromSeconds(10)).DisposeEndingSession();

            // Published while neither is connected: a persistent session keeps it for its client.
            Publisher.Publish(broker.Port, $"sensors/{Id(3)}/events", Encoding.UTF8.GetString(Event(Id(3), "updated", "0.3.0", 0).Payload), retain: false);

            using (RolloutLink again = RolloutLink.Connect("127.0.0.1", broker.Port, "sensors", kept, null, null, TimeSpan.FromSeconds(10)))
            {
                Assert.IsTrue(again.Flush(TimeSpan.FromSeconds(10)), again.LastDisconnect);
                Assert.AreEqual($"sensors/{Id(3)}/events", again.Drain().Single().Topic, "the session kept what came meanwhile");
                again.DisposeEndingSession();
            }

            using RolloutLink fresh = RolloutLink.Connect("127.0.0.1", broker.Port, "sensors", retired, null, null, TimeSpan.FromSeconds(10));
            Assert.IsTrue(fresh.Flush(TimeSpan.FromSeconds(10)), fresh.LastDisconnect);
            List<RolloutMessage> left = fresh.Drain().ToList();
            Assert.AreEqual(0, left.Count, "a retired link's session ended: the broker kept nothing for it: " + string.Join(", ", left.Select(m => m.Topic + " retained " + m.Retained)));
        }
    }
}
