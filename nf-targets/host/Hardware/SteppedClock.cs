using System;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// A virtual clock that moves only when the firmware sleeps (or a test advances it): awake work takes no
    /// time, so a run is exactly repeatable whatever the host's speed or the network's. For closed-loop
    /// scenarios and benchmarks; the interactive twin uses <see cref="VirtualClock"/>.
    /// </summary>
    public sealed class SteppedClock : IClock
    {
        private long _wallAtZero;

        public SteppedClock(long unixTimeMillisecondsAtStart)
        {
            _wallAtZero = unixTimeMillisecondsAtStart;
            IsWallTimeKnown = true;
        }

        /// <summary>Virtual milliseconds since the start (there are no reboots in a scenario).</summary>
        public long UptimeMilliseconds { get; private set; }

        public bool IsWallTimeKnown { get; private set; }

        public long UnixTimeMilliseconds => _wallAtZero + UptimeMilliseconds;

        /// <summary>A scenario is one power-on: the RTC has counted since its start.</summary>
        public long SincePowerOnMilliseconds => UptimeMilliseconds;

        public void SetUnixTimeMilliseconds(long unixTimeMilliseconds)
        {
            _wallAtZero = unixTimeMilliseconds - UptimeMilliseconds;
            IsWallTimeKnown = true;
        }

        public void Sleep(int milliseconds) => Advance(milliseconds);

        /// <summary>Raised after time moved, with the new uptime: a scenario's timeline hangs its events here.</summary>
        public event Action<long> Advanced;

        public void Advance(long milliseconds)
        {
            if (milliseconds > 0)
            {
                UptimeMilliseconds += milliseconds;
                Advanced?.Invoke(UptimeMilliseconds);
            }
        }
    }
}
