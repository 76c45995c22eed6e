using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>A clock that moves only when told to (or when slept on).</summary>
    public sealed class FakeClock : IClock
    {
        public long UptimeMilliseconds { get; set; }

        public bool IsWallTimeKnown { get; set; }

        public long WallAtUptimeZero { get; set; }

        /// <summary>What the RTC had counted since power-on when uptime was zero (the boot's start).</summary>
        public long PowerOnAtUptimeZero { get; set; }

        public long SincePowerOnMilliseconds
        {
            get { return PowerOnAtUptimeZero + UptimeMilliseconds; }
        }

        public long UnixTimeMilliseconds
        {
            get { return IsWallTimeKnown ? WallAtUptimeZero + UptimeMilliseconds : 0; }
        }

        public void SetUnixTimeMilliseconds(long unixTimeMilliseconds)
        {
            WallAtUptimeZero = unixTimeMilliseconds - UptimeMilliseconds;
            IsWallTimeKnown = true;
        }

        /// <summary>A deep sleep and the boot after it: the RTC runs on, uptime starts again.</summary>
        public void DeepSleep(long milliseconds)
        {
            long rtc = SincePowerOnMilliseconds + milliseconds;
            long wall = UnixTimeMilliseconds + milliseconds;
            UptimeMilliseconds = 0;
            PowerOnAtUptimeZero = rtc;
            WallAtUptimeZero = wall;
        }

        /// <summary>A reboot: the RTC runs on and keeps the time, uptime starts again.</summary>
        public void Reboot()
        {
            DeepSleep(0);
        }

        /// <summary>A loss of power and the boot after it: wall time is forgotten, the RTC starts from zero.</summary>
        public void PowerOn()
        {
            UptimeMilliseconds = 0;
            PowerOnAtUptimeZero = 0;
            IsWallTimeKnown = false;
            WallAtUptimeZero = 0;
        }

        public void Sleep(int milliseconds)
        {
            UptimeMilliseconds += milliseconds;
        }
    }
}
