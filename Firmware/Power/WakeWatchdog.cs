using System.Threading;
using Firmware.Ports;

namespace Firmware.Power
{
    /// <summary>
    /// A hard cap on time awake per wake: a thread of our own that, if the wake has not called
    /// <see cref="Disarm"/> by its deadline, forces the planned deep sleep (or a reboot) through
    /// <see cref="IPower"/>, so a hang in any code path (a driver, a socket, a bug) costs one wake and not a
    /// battery.
    ///
    /// The deadline is measured on <see cref="IClock.UptimeMilliseconds"/>; the thread polls it with real
    /// <see cref="Thread.Sleep(int)"/> waits of at most <see cref="PollMilliseconds"/> and never sleeps on the
    /// <see cref="IClock"/> (on the host twin that would move virtual time). A forced sleep is a power cut to
    /// whatever the hung code was doing: flash operations not yet synced may be lost, which the flash log is
    /// built to survive; the watchdog does not touch flash itself, since the hung thread may be inside it.
    /// On a device <see cref="IPower.DeepSleep"/> does not return; on the host it records the request and the
    /// watchdog's thread ends, leaving the hung thread to the host loader.
    /// </summary>
    public sealed class WakeWatchdog
    {
        /// <summary>Longest real wait between two looks at the clock.</summary>
        public const int PollMilliseconds = 25;

        private const int Idle = 0;
        private const int Armed = 1;
        private const int Fired = 2;

        private readonly IClock _clock;
        private readonly IPower _power;
        private readonly ILog _log;
        private readonly object _gate = new object();
        private readonly AutoResetEvent _disarmed = new AutoResetEvent(false);
        private Thread _thread;
        private int _state;
        private long _deadline;
        private long _sleepOnExpiry;
        private long _cap;

        public WakeWatchdog(IClock clock, IPower power, ILog log)
        {
            _clock = clock;
            _power = power;
            _log = log;
        }

        /// <summary>True once the watchdog has forced a sleep or reboot in this wake.</summary>
        public bool HasFired
        {
            get { return _state == Fired; }
        }

        /// <summary>True between an Arm and its Disarm (or firing).</summary>
        public bool IsArmed
        {
            get { return _state == Armed; }
        }

        /// <summary>
        /// Starts the cap: unless <see cref="Disarm"/> is called within <paramref name="capMilliseconds"/> of
        /// uptime from now, the watchdog calls <see cref="IPower.DeepSleep"/> with
        /// <paramref name="sleepMillisecondsOnExpiry"/>.
        /// </summary>
        public void ArmSleep(long capMilliseconds, long sleepMillisecondsOnExpiry)
        {
            if (sleepMillisecondsOnExpiry < 0)
            {
                throw new System.ArgumentOutOfRangeException("sleepMillisecondsOnExpiry");
            }

            Arm(capMilliseconds, sleepMillisecondsOnExpiry);
        }

        /// <summary>Starts the cap with a reboot as the forced action (for mains devices, which do not sleep).</summary>
        public void ArmReboot(long capMilliseconds)
        {
            Arm(capMilliseconds, -1);
        }

        /// <summary>
        /// Ends the cap: the wake finished in time. Returns false when the watchdog had already fired (the
        /// caller must then do nothing more but return to the loader).
        /// </summary>
        public bool Disarm()
        {
            Thread thread;
            lock (_gate)
            {
                if (_state != Armed)
                {
                    return _state != Fired;
                }

                _state = Idle;
                thread = _thread;
                _thread = null;
            }

            _disarmed.Set();
            thread.Join(1000);
            return true;
        }

        private void Arm(long capMilliseconds, long sleepOnExpiry)
        {
            if (capMilliseconds <= 0)
            {
                throw new System.ArgumentOutOfRangeException("capMilliseconds");
            }

            lock (_gate)
            {
                if (_state == Armed)
                {
                    throw new System.InvalidOperationException("the wake watchdog is already armed");
                }

                _cap = capMilliseconds;
                _deadline = _clock.UptimeMilliseconds + capMilliseconds;
                _sleepOnExpiry = sleepOnExpiry;
                _disarmed.Reset();
                _state = Armed;
                _thread = new Thread(Watch);
                _thread.Priority = ThreadPriority.Highest;
                _thread.Start();
            }
        }

        private void Watch()
        {
            while (true)
            {
                long left = _deadline - _clock.UptimeMilliseconds;
                if (left <= 0)
                {
                    break;
                }

                int wait = left < PollMilliseconds ? (int)left : PollMilliseconds;
                if (_disarmed.WaitOne(wait, false))
                {
                    return;
                }
            }

            lock (_gate)
            {
                if (_state != Armed)
                {
                    return;
                }

                _state = Fired;
            }

            if (_sleepOnExpiry >= 0)
            {
                _log.Write(LogLevel.Error, "watchdog", "wake exceeded its " + _cap.ToString() + " ms cap; forcing deep sleep for "
                    + _sleepOnExpiry.ToString() + " ms");
                _power.DeepSleep(_sleepOnExpiry);
            }
            else
            {
                _log.Write(LogLevel.Error, "watchdog", "wake exceeded its " + _cap.ToString() + " ms cap; forcing a reboot");
                _power.Reboot();
            }
        }
    }
}
