using System;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>Power for a scenario on a <see cref="SteppedClock"/>: asks the firmware to stop at the scenario's end.</summary>
    public sealed class SteppedPower : IPower
    {
        private readonly SteppedClock _clock;
        private readonly long _endMilliseconds;

        public SteppedPower(SteppedClock clock, long endMilliseconds)
        {
            _clock = clock;
            _endMilliseconds = endMilliseconds;
        }

        public WakeCause WakeCause => WakeCause.PowerOn;

        public bool StopRequested => _clock.UptimeMilliseconds >= _endMilliseconds;

        public void DeepSleep(long milliseconds) => throw new InvalidOperationException("a mains thermostat never deep-sleeps: its relay would drop");

        public void Reboot() => throw new InvalidOperationException("the scenario does not reboot");
    }
}
