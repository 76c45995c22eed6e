using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>A clock that moves only when told to (or when slept on).</summary>
    public sealed class FakeClock : IClock
    {
        public long UptimeMilliseconds { get; set; }

        public bool IsWallTimeKnown { get; set; }

        public long WallAtUptimeZero { get; set; }

        public long UnixTimeMilliseconds
        {
            get { return IsWallTimeKnown ? WallAtUptimeZero + UptimeMilliseconds : 0; }
        }

        public void SetUnixTimeMilliseconds(long unixTimeMilliseconds)
        {
            WallAtUptimeZero = unixTimeMilliseconds - UptimeMilliseconds;
            IsWallTimeKnown = true;
        }

        public void Sleep(int milliseconds)
        {
            UptimeMilliseconds += milliseconds;
        }
    }
}
