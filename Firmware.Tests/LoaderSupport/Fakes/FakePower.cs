using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>Power that asks the firmware to stop once the clock reaches a time, and records sleep requests.</summary>
    public sealed class FakePower : IPower
    {
        private readonly IClock _clock;

        public FakePower(IClock clock, long stopAtUptimeMilliseconds)
        {
            _clock = clock;
            StopAtUptimeMilliseconds = stopAtUptimeMilliseconds;
        }

        public long StopAtUptimeMilliseconds { get; set; }

        public WakeCause WakeCause { get; set; }

        /// <summary>The last deep sleep asked for, or -1.</summary>
        public long RequestedSleep { get; private set; } = -1;

        public bool Rebooted { get; private set; }

        public bool StopRequested
        {
            get { return _clock.UptimeMilliseconds >= StopAtUptimeMilliseconds; }
        }

        public void DeepSleep(long milliseconds)
        {
            RequestedSleep = milliseconds;
        }

        public void Reboot()
        {
            Rebooted = true;
        }

        /// <summary>A new boot: forgets the last one's requests.</summary>
        public void Reset()
        {
            RequestedSleep = -1;
            Rebooted = false;
        }
    }
}
