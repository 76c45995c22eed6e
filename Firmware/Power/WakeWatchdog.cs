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
    ///
    /// The thread is kept between a <see cref="Disarm"/> and the next arm (a mains loop arms it for every sample), so
    /// arming again allocates nothing; it ends at <see cref="Stop"/>, or by itself when no arm comes within twice the
    /// last cap.
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
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private Thread _thread;
        private bool _stopping;
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
                throw new System.ArgumentOutOfRangeException("sleepMillisecondsOnExpiry", "the sleep on expiry must not be negative");
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
            lock (_gate)
            {
                if (_state != Armed)
                {
                    return _state != Fired;
                }

                _state = Idle;
            }

            _disarmed.Set();
            return true;
        }

        /// <summary>Ends the watchdog's thread (disarming it first); the watchdog may be armed again afterwards.</summary>
        public void Stop()
        {
            Disarm();
            Thread thread;
            lock (_gate)
            {
                _stopping = true;
                thread = _thread;
            }

            _wake.Set();
            if (thread != null)
            {
                thread.Join(1000);
            }
        }

        private void Arm(long capMilliseconds, long sleepOnExpiry)
        {
            if (capMilliseconds <= 0)
            {
                throw new System.ArgumentOutOfRangeException("capMilliseconds", "the cap must be positive");
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
                _stopping = false;
                if (_thread == null)
                {
                    _thread = new Thread(Watch);
                    _thread.Priority = ThreadPriority.Highest;
                    _thread.Start();
                }
                else
                {
                    _wake.Set();
                }
            }
        }

        private void Watch()
        {
            while (true)
            {
                if (WatchDeadline())
                {
                    lock (_gate)
                    {
                        _thread = null;
                    }

                    return;
                }

                // Disarmed: wait for the next arm, a stop, or give up after twice the cap.
                bool woken = _wake.WaitOne(_cap > int.MaxValue / 2 ? int.MaxValue : (int)(2 * _cap), false);
                lock (_gate)
                {
                    if (_stopping || (!woken && _state != Armed))
                    {
                        _thread = null;
                        return;
                    }
                }
            }
        }

        /// <summary>Watches one armed wake; true when it fired.</summary>
        private bool WatchDeadline()
        {
            long sleep;
            long cap;
            while (true)
            {
                long left;
                lock (_gate)
                {
                    // Decided under the lock against the deadline in force: a disarm and a new arm may happen between
                    // two looks, and a deadline read before them must never fire the next wake.
                    if (_state != Armed)
                    {
                        return false;
                    }

                    left = _deadline - _clock.UptimeMilliseconds;
                    if (left <= 0)
                    {
                        _state = Fired;
                        sleep = _sleepOnExpiry;
                        cap = _cap;
                        break;
                    }
                }

                _disarmed.WaitOne(left < PollMilliseconds ? (int)left : PollMilliseconds, false);
            }

            if (sleep >= 0)
            {
                _log.Write(LogLevel.Error, "watchdog", "wake exceeded its " + cap.ToString() + " ms cap; forcing deep sleep for "
                    + sleep.ToString() + " ms");
                _power.DeepSleep(sleep);
            }
            else
            {
                _log.Write(LogLevel.Error, "watchdog", "wake exceeded its " + cap.ToString() + " ms cap; forcing a reboot");
                _power.Reboot();
            }

            return true;
        }
    }
}
