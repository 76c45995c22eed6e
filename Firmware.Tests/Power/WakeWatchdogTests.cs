using System.Threading;
using Firmware.Power;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Power
{
    [TestClass]
    public class WakeWatchdogTests
    {
        /// <summary>A hung wake: time passes on the clock and nothing ever finishes, until the watchdog acts (or a safety limit).</summary>
        private static void Hang(FakeClock clock, FakePower power)
        {
            for (int i = 0; i < 20000 && power.RequestedSleep < 0 && !power.Rebooted; i++)
            {
                clock.Sleep(10);
                Thread.Sleep(1);
            }
        }

        [TestMethod]
        public void AHungWakeIsForcedIntoThePlannedSleep()
        {
            FakeClock clock = new FakeClock();
            FakePower power = new FakePower(clock, long.MaxValue);
            FakeLog log = new FakeLog();
            WakeWatchdog watchdog = new WakeWatchdog(clock, power, log);

            watchdog.ArmSleep(5000, 300000);
            Hang(clock, power);

            Assert.AreEqual(300000L, power.RequestedSleep);
            Assert.IsTrue(watchdog.HasFired);
            Assert.IsTrue(clock.UptimeMilliseconds >= 5000, clock.UptimeMilliseconds.ToString());
            Assert.IsTrue(log.Contains("5000 ms cap"));
            Assert.IsFalse(watchdog.Disarm());
        }

        [TestMethod]
        public void AHungWakeOfAMainsDeviceIsRebooted()
        {
            FakeClock clock = new FakeClock();
            FakePower power = new FakePower(clock, long.MaxValue);
            WakeWatchdog watchdog = new WakeWatchdog(clock, power, new FakeLog());

            watchdog.ArmReboot(2000);
            Hang(clock, power);

            Assert.IsTrue(power.Rebooted);
            Assert.AreEqual(-1L, power.RequestedSleep);
        }

        [TestMethod]
        public void AWakeThatFinishesInTimeIsLeftAlone()
        {
            FakeClock clock = new FakeClock();
            FakePower power = new FakePower(clock, long.MaxValue);
            WakeWatchdog watchdog = new WakeWatchdog(clock, power, new FakeLog());

            watchdog.ArmSleep(5000, 300000);
            Assert.IsTrue(watchdog.IsArmed);
            clock.Sleep(4000);
            Assert.IsTrue(watchdog.Disarm());

            clock.Sleep(10000);
            Thread.Sleep(3 * WakeWatchdog.PollMilliseconds);
            Assert.AreEqual(-1L, power.RequestedSleep);
            Assert.IsFalse(watchdog.HasFired);
            Assert.IsFalse(watchdog.IsArmed);
        }

        [TestMethod]
        public void TheWatchdogCanBeArmedAgainInTheNextWakeButNotTwiceAtOnce()
        {
            FakeClock clock = new FakeClock();
            FakePower power = new FakePower(clock, long.MaxValue);
            WakeWatchdog watchdog = new WakeWatchdog(clock, power, new FakeLog());

            watchdog.ArmSleep(5000, 1000);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => watchdog.ArmSleep(5000, 1000));
            Assert.IsTrue(watchdog.Disarm());
            watchdog.ArmSleep(5000, 1000);
            Assert.IsTrue(watchdog.Disarm());
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => watchdog.ArmSleep(0, 1000));
        }
    }
}
