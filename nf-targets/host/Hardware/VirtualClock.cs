using System;
using System.Diagnostics;
using System.Threading;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The twin's clock. Awake time passes at real speed (network round trips are real); sleeping is
    /// compressed by the speed factor, so a day of device life runs in seconds. Uptime restarts at every
    /// simulated boot; wall time (the RTC) runs on across deep sleep and is lost at a power cut.
    /// A sleep too short to wait for alone at this speed (a mains loop's one-second polls at x2000 are half a
    /// millisecond each) is owed and waited for with the next ones, so every sleep costs its share of real time.
    /// </summary>
    public sealed class VirtualClock : ITwinClock
    {
        private readonly Stopwatch _real = Stopwatch.StartNew();
        private readonly double _speed;
        private readonly CancellationToken _cancel;
        private readonly object _gate = new object();
        private long _skippedMilliseconds;   // virtual time added by sleeps beyond the real time they took
        private double _owedRealMilliseconds; // real time that sleeps too short to wait for alone still owe
        private long _bootAtVirtual;
        private long _powerOnAtVirtual;
        private bool _wallKnown;
        private long _wallAtVirtualZero;
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Thread, object> _halted = new System.Runtime.CompilerServices.ConditionalWeakTable<Thread, object>();
        private volatile bool _anyHalted;

        public VirtualClock(double speed, CancellationToken cancel)
        {
            if (!(speed >= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(speed), "speed must be at least 1");
            }

            _speed = speed;
            _cancel = cancel;
        }

        /// <summary>Virtual milliseconds since the twin started, across boots.</summary>
        public long TotalMilliseconds
        {
            get
            {
                lock (_gate)
                {
                    return _real.ElapsedMilliseconds + _skippedMilliseconds;
                }
            }
        }

        public long UptimeMilliseconds => TotalMilliseconds - _bootAtVirtual;

        /// <summary>Called on the sleeping thread after every sleep (the twin's progress lines); null for none.</summary>
        public Action Slept { get; set; }

        public bool IsWallTimeKnown => _wallKnown;

        public long UnixTimeMilliseconds => _wallKnown ? _wallAtVirtualZero + TotalMilliseconds : 0;

        public long SincePowerOnMilliseconds => TotalMilliseconds - _powerOnAtVirtual;

        public void SetUnixTimeMilliseconds(long unixTimeMilliseconds)
        {
            _wallAtVirtualZero = unixTimeMilliseconds - TotalMilliseconds;
            _wallKnown = true;
        }

        /// <summary>Light sleep: advances virtual time by exactly the request unless the run is cancelled.</summary>
        public void Sleep(int milliseconds)
        {
            Pass(milliseconds);
        }

        /// <summary>
        /// A sleep that the signal ends early: waits in real time for the sleep's compressed share, and when the signal
        /// comes first, the device time passed is the real time waited at the twin's speed.
        /// </summary>
        public bool SleepUnlessSet(ManualResetEventSlim signal, int milliseconds)
        {
            if (_anyHalted && _halted.TryGetValue(Thread.CurrentThread, out _))
            {
                throw new ThreadInterruptedException("the loader reset the device");
            }

            if (signal.IsSet)
            {
                return true;
            }

            if (milliseconds <= 0)
            {
                return false;
            }

            double startedAt = _real.Elapsed.TotalMilliseconds;
            bool set;
            try
            {
                set = signal.Wait(TimeSpan.FromMilliseconds(milliseconds / _speed), _cancel);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            lock (_gate)
            {
                double realSpent = _real.Elapsed.TotalMilliseconds - startedAt;
                double passed = set ? Math.Min(milliseconds, realSpent * _speed) : milliseconds;
                _skippedMilliseconds += (long)Math.Max(0, passed - realSpent);
            }

            Slept?.Invoke();
            return set;
        }

        /// <summary>As <see cref="SleepUnlessSet"/>, for a condition looked at every 5 ms of real time.</summary>
        public bool SleepUnless(Func<bool> arrived, int milliseconds)
        {
            using ManualResetEventSlim never = new ManualResetEventSlim(false);
            long end = TotalMilliseconds + Math.Max(0, milliseconds);
            while (!arrived())
            {
                long left = end - TotalMilliseconds;
                if (left <= 0 || _cancel.IsCancellationRequested)
                {
                    return false;
                }

                SleepUnlessSet(never, (int)Math.Min(left, Math.Max(1, 5 * _speed)));
            }

            return true;
        }

        /// <summary>Deep sleep and the boot after it: time passes, uptime starts again from zero.</summary>
        public void DeepSleepAndBoot(long milliseconds)
        {
            Pass(milliseconds);
            BeginBoot();
        }

        /// <summary>A power cut and power-on: the RTC forgets wall time, uptime starts again.</summary>
        public void PowerOn()
        {
            _wallKnown = false;
            _powerOnAtVirtual = TotalMilliseconds;
            BeginBoot();
        }

        public void BeginBoot()
        {
            _bootAtVirtual = TotalMilliseconds;
        }

        /// <summary>
        /// The loader reset the device under a hung application: from now on every sleep of that application's
        /// thread throws, so it unwinds instead of running on beside the next boot (every thread halted in a run stays so).
        /// </summary>
        public void Halt(Thread thread)
        {
            _halted.AddOrUpdate(thread, null);
            _anyHalted = true;
        }

        private void Pass(long milliseconds)
        {
            if (_anyHalted && _halted.TryGetValue(Thread.CurrentThread, out _))
            {
                throw new ThreadInterruptedException("the loader reset the device");
            }

            if (milliseconds <= 0)
            {
                return;
            }

            long realStart = _real.ElapsedMilliseconds;
            double startedAt = _real.Elapsed.TotalMilliseconds;
            double owed;
            lock (_gate)
            {
                _owedRealMilliseconds += milliseconds / _speed;
                owed = _owedRealMilliseconds;
            }

            if (owed >= 1)
            {
                bool cancelled = _cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(owed));
                lock (_gate)
                {
                    // An oversleep is credited to the next sleeps, so the run keeps its pace over time.
                    _owedRealMilliseconds -= _real.Elapsed.TotalMilliseconds - startedAt;
                }

                if (cancelled)
                {
                    return;
                }
            }

            lock (_gate)
            {
                long realSpent = _real.ElapsedMilliseconds - realStart;
                _skippedMilliseconds += Math.Max(0, milliseconds - realSpent);
            }

            Slept?.Invoke();
        }
    }
}
