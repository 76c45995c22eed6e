using System;
using System.Threading;
using System.Threading.Tasks;
using Firmware.Host.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Mqtt
{
    /// <summary>The queue between MQTTnet's threads and a device's: order, bound, timeouts and a taker woken by an add.</summary>
    [TestClass]
    public sealed class HandOffQueueTests
    {
        [TestMethod]
        public void ItemsComeOutInTheOrderTheyWentIn()
        {
            HandOffQueue<int> queue = new HandOffQueue<int>();
            for (int i = 1; i <= 5; i++)
            {
                Assert.IsTrue(queue.TryAdd(i));
            }

            Assert.AreEqual(5, queue.Count);
            for (int i = 1; i <= 5; i++)
            {
                Assert.IsTrue(queue.TryTake(out int item));
                Assert.AreEqual(i, item);
            }

            Assert.IsFalse(queue.TryTake(out _));
        }

        [TestMethod]
        public void AFullQueueRefusesAnAddWithoutBlockingAndKeepsWhatItHolds()
        {
            HandOffQueue<string> queue = new HandOffQueue<string>(2);
            Assert.IsTrue(queue.TryAdd("a"));
            Assert.IsTrue(queue.TryAdd("b"));

            Assert.IsFalse(queue.TryAdd("c"));

            Assert.IsTrue(queue.TryTake(out string first));
            Assert.AreEqual("a", first);
            Assert.IsTrue(queue.TryAdd("c"));
            Assert.AreEqual(2, queue.Count);
        }

        [TestMethod]
        public void ATakeOnAnEmptyQueueEndsAtItsTimeout()
        {
            HandOffQueue<int> queue = new HandOffQueue<int>();
            long start = Environment.TickCount64;

            Assert.IsFalse(queue.TryTake(out _, 50));

            Assert.IsTrue(Environment.TickCount64 - start >= 45, "the take waited its timeout");
            Assert.IsFalse(queue.TryTake(out _, 0));
        }

        [TestMethod]
        public void AWaitingTakerGetsAnItemAddedOnAnotherThread()
        {
            HandOffQueue<int> queue = new HandOffQueue<int>();
            Task<int> taker = Task.Factory.StartNew(
                () => queue.TryTake(out int item, 30_000) ? item : -1,
                TaskCreationOptions.LongRunning);
            Thread.Sleep(50);

            Assert.IsTrue(queue.TryAdd(7));

            Assert.IsTrue(taker.Wait(10_000), "the add woke the taker");
            Assert.AreEqual(7, taker.Result);
        }

        [TestMethod]
        public void ClearEmptiesTheQueue()
        {
            HandOffQueue<int> queue = new HandOffQueue<int>(3);
            queue.TryAdd(1);
            queue.TryAdd(2);

            queue.Clear();

            Assert.AreEqual(0, queue.Count);
            Assert.IsFalse(queue.TryTake(out _));
        }

        [TestMethod]
        public void ACapacityBelowOneIsRefused()
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new HandOffQueue<int>(0));
        }
    }
}
