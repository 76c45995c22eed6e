using Firmware.Ports;

namespace Firmware.Host.Tests.Support
{
    /// <summary>A clock that moves only when slept on or set: for host tests of portable code.</summary>
    public sealed class ManualClock : IClock
    {
        public long UptimeMilliseconds { get; set; }

        public bool IsWallTimeKnown => false;

        public long UnixTimeMilliseconds => 0;

        public long SincePowerOnMilliseconds => UptimeMilliseconds;

        public void SetUnixTimeMilliseconds(long unixTimeMilliseconds)
        {
        }

        public void Sleep(int milliseconds) => UptimeMilliseconds += milliseconds;
    }
}
