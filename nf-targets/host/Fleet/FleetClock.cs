using System;
using System.Threading;
using Firmware.Host.Hardware;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// A fleet device's clock on the shared time line of a <see cref="FleetScheduler"/>: its time moves only when the
    /// firmware or the loader sleeps (awake work takes none, and the modelled Wi-Fi connects and radio round trips are
    /// sleeps). A device with a thread of its own parks in a sleep past the scheduler's window until a window holds it;
    /// a stepped device's boot runs to its end on a worker and the scheduler looks at its time after it. Uptime
    /// restarts at every boot; wall time (the RTC) runs on across deep sleep and is lost at a power cut. A power cut the
    /// device's <see cref="IPowerSupply"/> places inside a wake stops it there: the sleep that reaches it throws, and so
    /// does every later one until the loader powers the board on.
    /// </summary>
    public sealed class FleetClock : ITwinClock
    {
        private readonly FleetScheduler _scheduler;
        private readonly IPowerSupply _supply;
        private readonly object _wait = new object();
        private readonly System.Func<bool> _step;
        private bool _released;
        private readonly long _worldStart;
        private long _total;
        private long _bootAt;
        private long _powerOnAt;
        private volatile bool _wallKnown;
        private long _wallAtZero;
        private Thread _halted;

        internal FleetClock(FleetScheduler scheduler, long startMilliseconds, long worldStartUnixMilliseconds, IPowerSupply supply, System.Func<bool> step)
        {
            _step = step;
            _scheduler = scheduler;
            _supply = supply;
            _worldStart = worldStartUnixMilliseconds;
            _total = startMilliseconds;
            _bootAt = startMilliseconds;
            _powerOnAt = startMilliseconds;
        }

        /// <summary>Simulated milliseconds since the run began (the fleet's time line, not the device's own start).</summary>
        public long TotalMilliseconds => Volatile.Read(ref _total);

        public long UptimeMilliseconds => TotalMilliseconds - Volatile.Read(ref _bootAt);

        public bool IsWallTimeKnown => _wallKnown;

        public long UnixTimeMilliseconds => _wallKnown ? Volatile.Read(ref _wallAtZero) + TotalMilliseconds : 0;

        public long SincePowerOnMilliseconds => TotalMilliseconds - Volatile.Read(ref _powerOnAt);

        /// <summary>The world's time now (network time), Unix milliseconds.</summary>
        public long WorldUnixMilliseconds => _worldStart + TotalMilliseconds;

        public void SetUnixTimeMilliseconds(long unixTimeMilliseconds)
        {
            Volatile.Write(ref _wallAtZero, unixTimeMilliseconds - TotalMilliseconds);
            _wallKnown = true;
        }

        /// <summary>A sleep while awake: a power cut inside it stops the device there.</summary>
        public void Sleep(int milliseconds)
        {
            if (_halted != null && _halted == Thread.CurrentThread)
            {
                throw new ThreadInterruptedException("the loader reset the device");
            }

            if (_supply != null)
            {
                if (_supply.Failed)
                {
                    throw new SimulatedPowerCutException("the board has no power");
                }

                if (milliseconds > 0 && _supply.CutBetween(_total, _total + milliseconds, out long at))
                {
                    Pass(at - _total);
                    _supply.Fail();
                    throw new SimulatedPowerCutException("power cut");
                }
            }

            Pass(milliseconds);
        }

        /// <summary>
        /// A sleep that the signal ends early. Awake time takes no real time here, so a signal set while the device runs
        /// through its window is seen when the wait begins or at the window's end: a device with a thread of its own
        /// sleeps no further than the window's end, parks there, and when the next window holds it ends the wait at that
        /// moment if the signal came meanwhile (a message published between windows, by a timed action, is taken at the
        /// start of the next window once it has reached the device's link).
        /// </summary>
        public bool SleepUnlessSet(ManualResetEventSlim signal, int milliseconds) => SleepUnless(() => signal.IsSet, milliseconds);

        /// <summary>As <see cref="SleepUnlessSet"/>: the condition is asked when the wait begins and after each park at a window's end.</summary>
        public bool SleepUnless(System.Func<bool> arrived, int milliseconds)
        {
            long end = Volatile.Read(ref _total) + Math.Max(0, milliseconds);
            while (!arrived())
            {
                long left = end - Volatile.Read(ref _total);
                if (left <= 0)
                {
                    return false;
                }

                long toWindowEnd = _scheduler.WindowEnd - Volatile.Read(ref _total);
                Sleep((int)(_step == null && toWindowEnd > 0 && toWindowEnd < left ? toWindowEnd : left));
            }

            return true;
        }

        public void DeepSleepAndBoot(long milliseconds)
        {
            Pass(milliseconds);
            BeginBoot();
        }

        public void PowerOn()
        {
            _wallKnown = false;
            Volatile.Write(ref _powerOnAt, TotalMilliseconds);
            BeginBoot();
        }

        public void BeginBoot() => Volatile.Write(ref _bootAt, TotalMilliseconds);

        public void Halt(Thread thread) => _halted = thread;

        /// <summary>Waits, parked, for the first window of the run that holds this device's start.</summary>
        public void WaitForStart() => _scheduler.Park(this, _total);

        /// <summary>The device's run ended: the time line no longer waits for it.</summary>
        public void Leave() => _scheduler.Leave();

        /// <summary>True for a device whose boots the scheduler's workers run (a battery device); false for one with a thread of its own.</summary>
        public bool IsStepped => _step != null;

        /// <summary>What ended a stepped device's life early (a fault of the simulation), or null.</summary>
        public System.Exception Failure { get; internal set; }

        internal bool Step() => _step();

        internal void Release()
        {
            lock (_wait)
            {
                _released = true;
                Monitor.Pulse(_wait);
            }
        }

        internal void WaitReleased()
        {
            // A blocking wait without spinning: with hundreds of device threads on two cores, spinning only steals time.
            lock (_wait)
            {
                while (!_released)
                {
                    Monitor.Wait(_wait);
                }

                _released = false;
            }
        }

        private void Pass(long milliseconds)
        {
            if (milliseconds <= 0)
            {
                return;
            }

            long now = Volatile.Read(ref _total) + milliseconds;
            Volatile.Write(ref _total, now);
            if (_step == null && now >= _scheduler.WindowEnd)
            {
                _scheduler.Park(this, now);
            }
        }
    }
}
