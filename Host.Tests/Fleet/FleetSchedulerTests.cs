using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Firmware.Host.Fleet;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Fleet
{
    /// <summary>
    /// The fleet's time line: stepped and threaded devices both advance by their own sleeps, never run more than a
    /// window apart, and a timed action sees every device at or past its time and none running.
    /// </summary>
    [TestClass]
    public sealed class FleetSchedulerTests
    {
        [TestMethod]
        public void DevicesOfBothKindsReachTheEndAndNeverDriftMoreThanAWindowPlusAStepApart()
        {
            const long window = 10_000;
            const long end = 600_000;
            FleetScheduler scheduler = new FleetScheduler(window, workers: 3);
            List<FleetClock> clocks = new List<FleetClock>();
            object gate = new object();
            long worstSpread = 0;
            int[] steps = new int[6];
            void Observe()
            {
                lock (gate)
                {
                    long min = clocks.Min(c => c.TotalMilliseconds);
                    long max = clocks.Max(c => c.TotalMilliseconds);
                    worstSpread = Math.Max(worstSpread, max - min);
                }
            }

            for (int i = 0; i < 4; i++)
            {
                int index = i;
                long period = 3_000 + (1_700 * i);
                FleetClock clock = null;
                clock = scheduler.Join(i * 1000, 0, null, () =>
                {
                    steps[index]++;
                    Observe();
                    clock.DeepSleepAndBoot(period);
                    return clock.TotalMilliseconds < end;
                });
                clocks.Add(clock);
            }

            List<Thread> threads = new List<Thread>();
            for (int i = 4; i < 6; i++)
            {
                int index = i;
                FleetClock clock = scheduler.Join(0, 0, null, null);
                clocks.Add(clock);
                Thread thread = new Thread(() =>
                {
                    clock.WaitForStart();
                    while (clock.TotalMilliseconds < end)
                    {
                        steps[index]++;
                        Observe();
                        clock.Sleep(1000);
                    }

                    clock.Leave();
                });
                threads.Add(thread);
                thread.Start();
            }

            scheduler.Start();
            scheduler.WaitFinished(TimeSpan.FromSeconds(30));

            Assert.IsTrue(clocks.All(c => c.TotalMilliseconds >= end), string.Join(", ", clocks.Select(c => c.TotalMilliseconds)));
            Assert.AreEqual(600, steps[4], "a threaded device sleeping a second 600 times");
            Assert.AreEqual(200, steps[0], "a stepped device waking every 3 s from 0 s");
            Assert.IsTrue(worstSpread <= window + 8_100, $"devices drifted {worstSpread} ms apart");
            Assert.IsTrue(threads.All(t => t.Join(1000)));
        }

        [TestMethod]
        public void ATimedActionSeesEveryDeviceAtOrPastItsTime()
        {
            FleetScheduler scheduler = new FleetScheduler(60_000, workers: 2);
            List<FleetClock> clocks = new List<FleetClock>();
            for (int i = 0; i < 5; i++)
            {
                FleetClock clock = null;
                long period = 7_000 * (i + 1);
                clock = scheduler.Join(0, 0, null, () =>
                {
                    clock.DeepSleepAndBoot(period);
                    return clock.TotalMilliseconds < 1_000_000;
                });
                clocks.Add(clock);
            }

            List<string> wrong = new List<string>();
            int actions = 0;
            scheduler.At(50_000, 50_000, at =>
            {
                actions++;
                foreach (FleetClock clock in clocks.Where(c => c.TotalMilliseconds < at))
                {
                    wrong.Add($"at {at}: a device at {clock.TotalMilliseconds}");
                }
            });
            scheduler.Start();
            scheduler.WaitFinished(TimeSpan.FromSeconds(30));

            Assert.IsTrue(actions >= 19, actions.ToString());
            Assert.AreEqual(0, wrong.Count, string.Join("; ", wrong.Take(5)));
        }

        [TestMethod]
        public void ATimeLineThatStopsMovingIsReportedNotWaitedForever()
        {
            FleetScheduler scheduler = new FleetScheduler(1000, workers: 1);
            using ManualResetEventSlim never = new ManualResetEventSlim(false);
            scheduler.Join(0, 0, null, () =>
            {
                never.Wait(TimeSpan.FromSeconds(10));
                return false;
            });
            scheduler.Start();

            TimeoutException stalled = Assert.ThrowsExactly<TimeoutException>(() => scheduler.WaitFinished(TimeSpan.FromMilliseconds(300)));
            StringAssert.Contains(stalled.Message, "1 device(s) still running");
            never.Set();
        }
    }
}
