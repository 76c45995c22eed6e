using System;
using System.Diagnostics;
using System.Threading;
using Firmware.Host.Fleet;
using Firmware.Host.Fleet.Monitoring;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Fleet
{
    /// <summary>
    /// The fleet's receivers across a clean restart of mosquitto (which keeps their sessions): the judge (MQTT 3.1.1) and
    /// a monitor of a share group (MQTT 5) resume their sessions and hear the devices again, the monitor although
    /// mosquitto before 2.0.19 restores its session without the shared subscriptions. And their flush: it returns once each
    /// receiver has its marker back, and when one does not within the timeout it says which.
    /// </summary>
    [TestClass]
    public sealed class FleetSubscriberTests
    {
        [TestMethod]
        public void TheJudgeAndAShareGroupsMonitorHearTheDevicesAgainAfterABrokerRestart()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: true, userName: null, password: null);
            using FleetJudge judge = FleetJudge.Start("127.0.0.1", broker.Port, "sensors");
            using FleetMonitor monitor = FleetMonitor.Start("127.0.0.1", broker.Port, "sensors", "monitors");
            Reading(broker.Port, 1);
            Assert.IsTrue(SpinWait.SpinUntil(() => Heard(judge, 1) && monitor.Messages == 1, 10000), $"before the restart: judge {judge.Connection}, monitor {monitor.Messages} message(s)");

            broker.Restart();
            Assert.IsTrue(SpinWait.SpinUntil(() => judge.Disconnections == 1 && monitor.Disconnections == 1, 10000), "both receivers lost the connection");

            // Published until both hear it: one published before a receiver made its subscriptions again reaches nobody.
            int sequence = 2;
            DateTime until = DateTime.UtcNow.AddSeconds(30);
            while (!(Heard(judge, sequence - 1) && monitor.Messages > 1) && DateTime.UtcNow < until)
            {
                Reading(broker.Port, sequence++);
                SpinWait.SpinUntil(() => Heard(judge, sequence - 1) && monitor.Messages > 1, 500);
            }

            Assert.IsTrue(Heard(judge, sequence - 1), "the judge hears the devices again: " + judge.Connection);
            Assert.IsTrue(monitor.Messages > 1, "the monitor hears its share group's devices again: " + monitor.Connection);
            Assert.AreEqual(1, judge.Disconnections, judge.Connection);
            Assert.AreEqual(1, monitor.Disconnections, monitor.Connection);
            Assert.AreEqual(0L, judge.Malformed, judge.LastMalformed);
            Assert.AreEqual(0L, monitor.Malformed, monitor.LastMalformed);
        }

        [TestMethod]
        public void TheJudgesPublishWaitsForABrokerThatWentAwayAndCameBack()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(string.Empty, persistent: true, userName: null, password: null);
            using FleetJudge judge = FleetJudge.Start("127.0.0.1", broker.Port, "sensors");
            judge.Publish("fleet/clock", new byte[] { 1 }, retain: true);
            broker.Stop();

            // The fleet's clock is published while the broker is down: the publish waits for it, then goes through.
            Stopwatch waited = Stopwatch.StartNew();
            Thread back = new Thread(() =>
            {
                Thread.Sleep(1500);
                broker.Resume();
            });
            back.Start();
            judge.Publish("fleet/clock", new byte[] { 2 }, retain: true);
            back.Join();

            Assert.IsTrue(waited.ElapsedMilliseconds >= 1000, $"the publish returned after {waited.ElapsedMilliseconds} ms, before the broker was back");
            Assert.IsTrue(waited.ElapsedMilliseconds < FleetJudge.BrokerReturnLimit.TotalMilliseconds, "within the limit");
        }

        [TestMethod]
        public void AFlushWaitsForEachReceiversMarkerAndNamesTheOneThatMissedIt()
        {
            using MosquittoBroker broker = MosquittoBroker.Start();
            using FleetJudge judge = FleetJudge.Start("127.0.0.1", broker.Port, "sensors");
            using FleetMonitor monitor = FleetMonitor.Start("127.0.0.1", broker.Port, "sensors");
            Reading(broker.Port, 1);
            Assert.IsTrue(judge.Flush(TimeSpan.FromSeconds(10), monitor), judge.FlushProblem(monitor));
            Assert.IsTrue(Heard(judge, 1), "a reading the broker took before the flush reached the judge by its end");
            Assert.AreEqual(1L, judge.Marker);
            Assert.AreEqual(1L, monitor.Marker);
            Assert.AreEqual(1L, monitor.Messages, "the marker is the receiver's own, not a message the monitor takes");
            Assert.AreEqual("the judge caught up; the monitor caught up", judge.FlushProblem(monitor));

            monitor.Dispose();
            Stopwatch waited = Stopwatch.StartNew();
            Assert.IsFalse(judge.Flush(TimeSpan.FromSeconds(1), monitor), "a monitor that is gone never has its marker back");
            Assert.IsTrue(waited.Elapsed >= TimeSpan.FromSeconds(0.9) && waited.Elapsed < TimeSpan.FromSeconds(10), $"the flush gave up after its timeout: {waited.Elapsed}");
            Assert.AreEqual(2L, judge.Marker);
            Assert.AreEqual(1L, monitor.Marker);
            StringAssert.StartsWith(judge.FlushProblem(monitor), "the judge caught up; the monitor did not (connected: False");
            Assert.AreEqual(0L, judge.Malformed, judge.LastMalformed);
        }

        private static void Reading(int port, int sequence) =>
            Publisher.Publish(port, "sensors/dev-00001/telemetry", $"[{{\"bn\":\"dev-00001:\",\"n\":\"epoch\",\"v\":7}},{{\"n\":\"seq\",\"v\":{sequence}}}]", retain: false);

        private static bool Heard(FleetJudge judge, int sequence) =>
            judge.ReadingsOf("dev-00001").TryGetValue(7, out SequenceSet set) && set.Contains(sequence);
    }
}
