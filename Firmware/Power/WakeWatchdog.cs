using System.Threading;
using Firmware.Ports;

namespace Firmware.Power
{
    /// <summary>
    /// A hard cap on time awake per wake: a timer of our own that, if the wake has not called
    /// <see cref="Disarm"/> by its deadline, forces the planned deep sleep (or a reboot) through
    /// <see cref="IPower"/>, so a hang in any code path (a driver, a socket, a bug) costs one wake and not a
    /// battery.
    ///
    /// The deadline is measured on <see cref="IClock.UptimeMilliseconds"/>; the timer looks at it every
    /// <see cref="PollMilliseconds"/> of real time while armed and never sleeps on the <see cref="IClock"/> (on the
    /// host twin that would move virtual time). Its callback runs on a thread of the runtime's, not the wake's, so a
    /// hung wake does not stop it. A forced sleep is a power cut to whatever the hung code was doing: flash operations
    /// not yet synced may be lost, which the flash log is built to survive; the watchdog does not touch flash itself,
    /// since the hung thread may be inside it. On a device <see cref="IPower.DeepSleep"/> does not return; on the host
    /// it records the request and the hung thread is left to the host loader.
    ///
    /// The timer is created at the first arm and kept, stopped, between a <see cref="Disarm"/> and the next arm (a
    /// mains loop arms it for every sample and every command taken between samples), so arming again allocates nothing and starts no
    /// thread; it is released at <see cref="Stop"/>.
    /// </summary>
    public sealed class WakeWatchdog
    {
        /// <summary>Real time between two looks at the clock while armed.</summary>
        public const int PollMilliseconds = 25;

        private const int Idle = 0;
        private const int Armed = 1;
        private const int Fired = 2;

        private readonly IClock _clock;
        private readonly IPower _power;
        private readonly ILog _log;
        private readonly object _gate = new object();
        private Timer _timer;
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
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
            }

            return true;
        }

        /// <summary>Disarms the watchdog and releases its timer; the watchdog may be armed again afterwards.</summary>
        public void Stop()
        {
            Disarm();
            Timer timer;
            lock (_gate)
            {
                timer = _timer;
                _timer = null;
            }

            if (timer != null)
            {
                timer.Dispose();
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
                _state = Armed;
                if (_timer == null)
                {
                    _timer = new Timer(Check, null, PollMilliseconds, PollMilliseconds);
                }
                else
                {
                    _timer.Change(PollMilliseconds, PollMilliseconds);
                }
            }
        }

        /// <summary>One look at the clock: fires when the armed wake has passed its deadline.</summary>
        private void Check(object unused)
        {
            long sleep;
            long cap;
            lock (_gate)
            {
                // Decided under the lock against the deadline in force: a disarm and a new arm may happen between
                // two looks, and a deadline read before them must never fire the next wake.
                if (_state != Armed || _deadline - _clock.UptimeMilliseconds > 0)
                {
                    return;
                }

                _state = Fired;
                sleep = _sleepOnExpiry;
                cap = _cap;
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
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
        }
    }
}
