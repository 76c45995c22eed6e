using System;
using System.Threading;
using Firmware.Ports;
using nanoFramework.Runtime.Native;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// Uptime from the CLR's tick count (restarts at every boot, deep-sleep wakes included); wall time from
    /// the RTC, which runs through deep sleep and restarts from 1970 after a loss of power.
    /// </summary>
    public sealed class Esp32Clock : IClock
    {
        private const long UnixEpochTicks = 621355968000000000L;

        // Before this the RTC has not been set since power came on (nanoFramework's own helpers use 2021).
        private const int FirstValidYear = 2021;

        public long UptimeMilliseconds
        {
            get { return Environment.TickCount64; }
        }

        public bool IsWallTimeKnown
        {
            get { return DateTime.UtcNow.Year >= FirstValidYear; }
        }

        public long UnixTimeMilliseconds
        {
            get { return (DateTime.UtcNow.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond; }
        }

        /// <summary>Until it is set, the RTC counts from the epoch at power-on: that count is the time since power-on.</summary>
        public long SincePowerOnMilliseconds
        {
            get { return UnixTimeMilliseconds; }
        }

        public void SetUnixTimeMilliseconds(long unixTimeMilliseconds)
        {
            // The RTC takes whole seconds only (the milliseconds are dropped): round to the nearest second,
            // so the clock is off by half a second at most instead of up to a whole second behind.
            long seconds = (unixTimeMilliseconds + 500) / 1000;
            DateTime time = new DateTime(UnixEpochTicks + (seconds * TimeSpan.TicksPerSecond), DateTimeKind.Utc);
            if (!Rtc.SetSystemTime(time))
            {
                throw new InvalidOperationException("the RTC refused the time");
            }
        }

        public void Sleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }
}
