using Firmware.Drivers.Bus;
using Firmware.Ports;

namespace Firmware.Drivers.Relay
{
    /// <summary>
    /// A relay on a digital output, off at boot, with minimum on and off times that protect the equipment it
    /// switches from short cycling. Boot counts as the start of an off period, so a device that reboots in a
    /// loop cannot cycle the relay faster than the minimum off time. <see cref="SwitchOffNow"/> is the one
    /// way to cut an on period short (safety); the minimum off time still applies after it.
    /// </summary>
    public sealed class RelayOutput : IRelay
    {
        private readonly IDigitalOutput _pin;
        private readonly IClock _clock;
        private readonly bool _activeHigh;
        private readonly long _minimumOnMilliseconds;
        private readonly long _minimumOffMilliseconds;
        private long _changedAt;

        /// <param name="activeHigh">True when driving the pin high energises the relay (many modules are active low).</param>
        public RelayOutput(string name, IDigitalOutput pin, bool activeHigh, IClock clock, int minimumOnSeconds, int minimumOffSeconds)
        {
            if (minimumOnSeconds < 0 || minimumOffSeconds < 0)
            {
                throw new System.ArgumentOutOfRangeException("minimumOnSeconds", "minimum on and off times cannot be negative");
            }

            Name = name;
            _pin = pin;
            _activeHigh = activeHigh;
            _clock = clock;
            _minimumOnMilliseconds = minimumOnSeconds * 1000L;
            _minimumOffMilliseconds = minimumOffSeconds * 1000L;
            _pin.Write(!activeHigh);
            _changedAt = clock.UptimeMilliseconds;
        }

        public string Name { get; private set; }

        public bool IsOn { get; private set; }

        /// <summary>Times the relay was switched on since boot.</summary>
        public int Cycles { get; private set; }

        /// <summary>Requests held back by a minimum on or off time.</summary>
        public int HeldRequests { get; private set; }

        /// <summary>On periods cut short by <see cref="SwitchOffNow"/>.</summary>
        public int ForcedOffs { get; private set; }

        /// <summary>Milliseconds since the relay last changed state (or since boot); never negative.</summary>
        public long MillisecondsInState
        {
            get
            {
                long now = _clock.UptimeMilliseconds;
                if (now < _changedAt)
                {
                    // The uptime went backwards: restart the period from now. A minimum time is then served in
                    // full again (never shortened) instead of holding the relay until the clock catches up.
                    _changedAt = now;
                }

                return now - _changedAt;
            }
        }

        public bool Switch(bool on)
        {
            if (on == IsOn)
            {
                return true;
            }

            long minimum = IsOn ? _minimumOnMilliseconds : _minimumOffMilliseconds;
            if (MillisecondsInState < minimum)
            {
                HeldRequests++;
                return false;
            }

            Apply(on);
            return true;
        }

        public void SwitchOffNow()
        {
            if (!IsOn)
            {
                return;
            }

            if (MillisecondsInState < _minimumOnMilliseconds)
            {
                ForcedOffs++;
            }

            Apply(false);
        }

        private void Apply(bool on)
        {
            _pin.Write(on == _activeHigh);
            IsOn = on;
            _changedAt = _clock.UptimeMilliseconds;
            if (on)
            {
                Cycles++;
            }
        }
    }
}
