using System;
using System.Threading;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The twin's power: records what the firmware asked for (deep sleep, reboot) so the host loader can
    /// carry it out after the application returns, and asks the firmware to stop at the end of the run.
    /// </summary>
    public sealed class HostPower : IPower
    {
        private readonly ITwinClock _clock;
        private readonly CancellationToken _cancel;
        private readonly long _runUntilMilliseconds;

        public HostPower(ITwinClock clock, long runForMilliseconds, CancellationToken cancel)
        {
            _clock = clock;
            _cancel = cancel;
            _runUntilMilliseconds = runForMilliseconds <= 0 ? long.MaxValue : runForMilliseconds;
        }

        public WakeCause WakeCause { get; private set; } = WakeCause.PowerOn;

        /// <summary>The sleep the firmware asked for in this boot, or -1.</summary>
        public long RequestedSleepMilliseconds { get; private set; } = -1;

        public bool RebootRequested { get; private set; }

        /// <summary>
        /// The thread that made this boot's sleep or reboot request, or null: the loader tells the application's own
        /// request from one the wake watchdog made under a hung application thread.
        /// </summary>
        public Thread RequestedBy { get; private set; }

        public bool StopRequested => _cancel.IsCancellationRequested || _clock.TotalMilliseconds >= _runUntilMilliseconds;

        public void DeepSleep(long milliseconds)
        {
            if (milliseconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(milliseconds));
            }

            RequestedSleepMilliseconds = milliseconds;
            RequestedBy = Thread.CurrentThread;
        }

        public void Reboot()
        {
            RebootRequested = true;
            RequestedBy = Thread.CurrentThread;
        }

        /// <summary>Starts a new boot with the given cause and forgets the last boot's requests.</summary>
        public void BeginBoot(WakeCause cause)
        {
            WakeCause = cause;
            RequestedSleepMilliseconds = -1;
            RebootRequested = false;
            RequestedBy = null;
        }
    }
}
