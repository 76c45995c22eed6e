using System;
using System.Threading;
using Firmware.Host.Hardware;
using Firmware.Ports;
using Firmware.Power;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Power
{
    /// <summary>The wake watchdog on the twin's own hardware: a hang is injected, the watchdog fires, HostPower records the forced sleep.</summary>
    [TestClass]
    public sealed class WakeWatchdogHostTests
    {
        [TestMethod]
        public void AWakeBlockedInRealTimeIsForcedToSleep()
        {
            VirtualClock clock = new VirtualClock(1, CancellationToken.None);
            HostPower power = new HostPower(clock, 0, CancellationToken.None);
            power.BeginBoot(WakeCause.Timer);
            WakeWatchdog watchdog = new WakeWatchdog(clock, power, new ConsoleLog(clock, System.IO.TextWriter.Null, LogLevel.Error));
            using ManualResetEventSlim never = new ManualResetEventSlim(false);

            watchdog.ArmSleep(300, 300000);
            Thread hung = new Thread(() => never.Wait(TimeSpan.FromSeconds(10))) { IsBackground = true };
            hung.Start();
            bool fired = SpinWait.SpinUntil(() => power.RequestedSleepMilliseconds >= 0, TimeSpan.FromSeconds(5));

            Assert.IsTrue(fired, "the watchdog did not force the sleep");
            Assert.AreEqual(300000L, power.RequestedSleepMilliseconds);
            Assert.IsTrue(watchdog.HasFired);
            Assert.IsTrue(clock.UptimeMilliseconds >= 300);
            never.Set();
        }

        [TestMethod]
        public void AWakeLoopingOnVirtualTimeIsForcedToSleepAtItsVirtualDeadline()
        {
            VirtualClock clock = new VirtualClock(1000, CancellationToken.None);
            HostPower power = new HostPower(clock, 0, CancellationToken.None);
            power.BeginBoot(WakeCause.Timer);
            WakeWatchdog watchdog = new WakeWatchdog(clock, power, new ConsoleLog(clock, System.IO.TextWriter.Null, LogLevel.Error));

            watchdog.ArmSleep(60000, 240000);

            // A retry loop that never ends, sleeping on the device clock: a virtual second takes a real millisecond.
            System.Diagnostics.Stopwatch guard = System.Diagnostics.Stopwatch.StartNew();
            while (power.RequestedSleepMilliseconds < 0 && guard.Elapsed < TimeSpan.FromSeconds(10))
            {
                clock.Sleep(1000);
            }

            Assert.AreEqual(240000L, power.RequestedSleepMilliseconds);
            Assert.IsTrue(clock.UptimeMilliseconds >= 60000, clock.UptimeMilliseconds.ToString());
            Assert.IsFalse(watchdog.Disarm(), "Disarm after firing says the wake was cut short");
        }

        [TestMethod]
        public void ARebootIsRecordedForAMainsDevice()
        {
            VirtualClock clock = new VirtualClock(1, CancellationToken.None);
            HostPower power = new HostPower(clock, 0, CancellationToken.None);
            WakeWatchdog watchdog = new WakeWatchdog(clock, power, new ConsoleLog(clock, System.IO.TextWriter.Null, LogLevel.Error));

            watchdog.ArmReboot(100);

            Assert.IsTrue(SpinWait.SpinUntil(() => power.RebootRequested, TimeSpan.FromSeconds(5)));
        }
    }
}
