using System;
using System.Collections.Generic;
using System.Threading;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// One simulated time line for many devices in one process, advanced by their next wake rather than by wall-clock
    /// sleeps. Time moves in windows: every device due in the current window runs, in parallel, until its time passes
    /// the window's end; when none is left running, the window moves to the earliest wake among them (skipping time in
    /// which nothing happens). Devices thus never drift much more than one window apart, and the devices of a window
    /// overlap their real-time waits on the broker.
    /// <list type="bullet">
    /// <item>A battery device is <em>stepped</em>: each of its boots (a wake, then the deep sleep to the next) is a work
    /// item for a pool of worker threads, repeated while it falls inside the window. It needs no thread of its own, and
    /// a wake runs to its end even past the window's (a wake lasts seconds; the window minutes).</item>
    /// <item>A mains device never ends its boot, so it has a thread of its own, which parks in the sleep that would take it
    /// past the window and runs again when a window holds it.</item>
    /// </list>
    /// Timed actions (the fleet's clock on MQTT, the rollout, progress) run between windows, when every device is at or
    /// past their time and none is running; a window never crosses the next action, so an action sees the world as of
    /// its time.
    /// </summary>
    public sealed class FleetScheduler
    {
        private readonly object _gate = new object();
        private readonly PriorityQueue<FleetClock, long> _parked = new PriorityQueue<FleetClock, long>();
        private readonly PriorityQueue<TimedAction, long> _actions = new PriorityQueue<TimedAction, long>();
        private readonly Queue<FleetClock> _work = new Queue<FleetClock>();
        private readonly ManualResetEventSlim _finished = new ManualResetEventSlim(false);
        private readonly int _workers;
        private long _now;
        private long _windowEnd;
        private int _running;
        private int _members;
        private bool _started;
        private bool _stopping;
        private Exception _failure;

        /// <param name="windowMilliseconds">How far devices may run apart in simulated time.</param>
        /// <param name="workers">Threads that run the stepped devices' boots (more overlap more waits on the broker).</param>
        public FleetScheduler(long windowMilliseconds, int workers = 32)
        {
            if (windowMilliseconds <= 0 || workers < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(windowMilliseconds), "the window must be positive, and there must be a worker");
            }

            Window = windowMilliseconds;
            _workers = workers;
        }

        public long Window { get; }

        /// <summary>The start of the current window, simulated milliseconds since the run began.</summary>
        public long Now => Volatile.Read(ref _now);

        /// <summary>Devices may run until this time.</summary>
        public long WindowEnd => Volatile.Read(ref _windowEnd);

        /// <summary>Windows opened so far.</summary>
        public long Windows => Volatile.Read(ref _windows);

        private long _windows;

        /// <summary>
        /// A device's clock on this time line, starting at <paramref name="startMilliseconds"/>: a stepped device's
        /// <paramref name="step"/> (one boot and the sleep after it; false when the device stops) runs on the workers; a
        /// threaded one (<paramref name="step"/> null) runs on its own thread, which calls <see cref="FleetClock.WaitForStart"/>.
        /// </summary>
        public FleetClock Join(long startMilliseconds, long worldStartUnixMilliseconds, Hardware.IPowerSupply supply, Func<bool> step)
        {
            lock (_gate)
            {
                if (_started)
                {
                    throw new InvalidOperationException("devices join before the time line starts");
                }

                _members++;
                FleetClock clock = new FleetClock(this, startMilliseconds, worldStartUnixMilliseconds, supply, step);
                if (step == null)
                {
                    _running++;
                }
                else
                {
                    _parked.Enqueue(clock, startMilliseconds);
                }

                return clock;
            }
        }

        /// <summary>Runs <paramref name="action"/> at <paramref name="firstAt"/> and then every <paramref name="every"/> (0: once), with the time it stands for.</summary>
        public void At(long firstAt, long every, Action<long> action)
        {
            lock (_gate)
            {
                _actions.Enqueue(new TimedAction(every, action), firstAt);
            }
        }

        /// <summary>Starts the workers and opens the first window once every threaded device waits for its start.</summary>
        public void Start()
        {
            for (int i = 0; i < _workers; i++)
            {
                new Thread(Work, 512 * 1024) { IsBackground = true, Name = "fleet-worker-" + i }.Start();
            }

            lock (_gate)
            {
                _started = true;
                if (_running == 0)
                {
                    AdvanceLocked();
                }
            }
        }

        /// <summary>
        /// Waits until every device has ended its run; rethrows the failure of a timed action. A run whose windows stop
        /// moving for <paramref name="stall"/> of real time is stopped with the devices still running named (a device
        /// blocked in a wait that never ends).
        /// </summary>
        public void WaitFinished(TimeSpan stall)
        {
            long windows = -1;
            while (!_finished.Wait(stall))
            {
                // Read without the lock: a timed action that hangs holds it.
                long now = Volatile.Read(ref _windows);
                if (now == windows)
                {
                    throw new TimeoutException($"the fleet's time line has not moved for {stall.TotalSeconds:0} s at {Now} ms: {Volatile.Read(ref _running)} device(s) still running");
                }

                windows = now;
            }

            lock (_gate)
            {
                _stopping = true;
                Monitor.PulseAll(_gate);
            }

            if (_failure != null)
            {
                throw new InvalidOperationException("the fleet's simulation failed: " + _failure.Message, _failure);
            }
        }

        /// <summary>A threaded device sleeps until <paramref name="until"/>, past the window: it waits for a window that holds it.</summary>
        internal void Park(FleetClock clock, long until)
        {
            lock (_gate)
            {
                _parked.Enqueue(clock, until);
                Stopped();
            }

            clock.WaitReleased();
        }

        /// <summary>A threaded device ended its run.</summary>
        internal void Leave()
        {
            lock (_gate)
            {
                _members--;
                Stopped();
            }
        }

        /// <summary>A running device stopped (parked or left): the last one to stop moves the window. Called under the lock.</summary>
        private void Stopped()
        {
            _running--;
            if (_running == 0 && _started)
            {
                AdvanceLocked();
            }
        }

        private void Work()
        {
            while (true)
            {
                FleetClock clock;
                lock (_gate)
                {
                    while (_work.Count == 0 && !_stopping)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_stopping)
                    {
                        return;
                    }

                    clock = _work.Dequeue();
                }

                bool alive = true;
                try
                {
                    long end = WindowEnd;
                    while (alive && clock.TotalMilliseconds < end)
                    {
                        alive = clock.Step();
                    }
                }
                catch (Exception e)
                {
                    clock.Failure = e;
                    alive = false;
                }

                lock (_gate)
                {
                    if (alive)
                    {
                        _parked.Enqueue(clock, clock.TotalMilliseconds);
                    }
                    else
                    {
                        _members--;
                    }

                    Stopped();
                }
            }
        }

        private void AdvanceLocked()
        {
            while (true)
            {
                long nextWake = _parked.TryPeek(out _, out long wake) ? wake : long.MaxValue;
                bool action = _actions.TryPeek(out TimedAction due, out long dueAt) && _members > 0 && _failure == null;
                if (action && dueAt <= nextWake)
                {
                    // Every device is at or past this time and none runs: the action sees the world as of its time.
                    _actions.Dequeue();
                    Volatile.Write(ref _now, Math.Max(_now, dueAt));
                    try
                    {
                        due.Act(dueAt);
                        if (due.Every > 0)
                        {
                            _actions.Enqueue(due, dueAt + due.Every);
                        }
                    }
                    catch (Exception e)
                    {
                        _failure ??= e;
                    }

                    continue;
                }

                if (nextWake == long.MaxValue)
                {
                    if (_members == 0)
                    {
                        _finished.Set();
                    }

                    return;
                }

                long end = nextWake + Window;
                if (action && dueAt < end)
                {
                    end = dueAt;
                }

                Volatile.Write(ref _windows, _windows + 1);
                Volatile.Write(ref _now, nextWake);
                Volatile.Write(ref _windowEnd, end);
                bool work = false;
                while (_parked.TryPeek(out FleetClock clock, out long until) && until < end)
                {
                    _parked.Dequeue();
                    _running++;
                    if (clock.IsStepped)
                    {
                        _work.Enqueue(clock);
                        work = true;
                    }
                    else
                    {
                        clock.Release();
                    }
                }

                if (work)
                {
                    Monitor.PulseAll(_gate);
                }

                return;
            }
        }

        private sealed record TimedAction(long Every, Action<long> Act);
    }
}
