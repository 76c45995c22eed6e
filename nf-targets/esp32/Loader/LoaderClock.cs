using System;
using System.Threading;
using Firmware.Ports;

namespace Firmware.Esp32.Loader
{
    /// <summary>Uptime for the loader's trial deadline (the application brings its own clock with wall time).</summary>
    public sealed class LoaderClock : IClock
    {
        public long UptimeMilliseconds
        {
            get { return Environment.TickCount64; }
        }

        public bool IsWallTimeKnown
        {
            get { return false; }
        }

        public long UnixTimeMilliseconds
        {
            get { return 0; }
        }

        /// <summary>Not kept: boot control needs uptime only (the application's clock reads the RTC).</summary>
        public long SincePowerOnMilliseconds
        {
            get { throw new NotSupportedException("the loader's clock counts uptime only"); }
        }

        public void SetUnixTimeMilliseconds(long unixTimeMilliseconds)
        {
            throw new NotSupportedException("the loader keeps no wall time");
        }

        public void Sleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }
}
