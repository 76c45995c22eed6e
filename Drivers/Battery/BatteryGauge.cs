using Firmware.Drivers.Bus;
using Firmware.Ports;

namespace Firmware.Drivers.Battery
{
    /// <summary>
    /// Battery voltage through a resistor divider on an ADC pin, turned into a state of charge by the
    /// chemistry's curve. Averages a few conversions; a failed conversion, a saturated input (the divider does
    /// not bring the battery into the ADC's range) or no voltage at all is no measurement, never a guess.
    /// </summary>
    public sealed class BatteryGauge : IBattery
    {
        private readonly IAnalogInput _input;
        private readonly BatteryGaugeProfile _profile;

        public BatteryGauge(IAnalogInput input, BatteryGaugeProfile profile)
        {
            _input = input;
            _profile = profile;
        }

        /// <summary>Why the last measurement failed, or null.</summary>
        public string Fault { get; private set; }

        public bool Measure(out int millivolts, out int chargePercent)
        {
            millivolts = -1;
            chargePercent = -1;
            long sum = 0;
            int zeros = 0;
            int samples = _profile.Samples < 1 ? 1 : _profile.Samples;
            for (int i = 0; i < samples; i++)
            {
                int raw;
                if (!_input.TryRead(out raw))
                {
                    Fault = "battery ADC: " + _input.LastError;
                    return false;
                }

                if (raw >= _input.MaxValue)
                {
                    Fault = "battery ADC saturated: the divider does not bring the battery into the input's range";
                    return false;
                }

                if (raw < 0)
                {
                    Fault = "battery ADC returned a negative value";
                    return false;
                }

                if (raw == 0)
                {
                    zeros++;
                }

                sum += raw;
            }

            if (zeros > 0 && zeros < samples)
            {
                // A conversion at the bottom of the range among real ones is a glitch or a loose contact:
                // averaged in, it would report a battery far emptier than it is.
                Fault = "battery ADC: " + zeros.ToString() + " of " + samples.ToString() + " conversions read 0 (loose contact or ADC glitch)";
                return false;
            }

            long denominator = (long)_input.MaxValue * samples;
            int pin = (int)(((sum * _input.FullScaleMillivolts * 2) + denominator) / (2 * denominator));
            if (pin < _profile.MinimumPinMillivolts)
            {
                Fault = "no battery voltage at the ADC pin (" + pin.ToString() + " mV): battery or divider disconnected";
                return false;
            }

            millivolts = _profile.BatteryMillivolts(pin);
            chargePercent = _profile.Curve.ChargePercent(millivolts);
            Fault = null;
            return true;
        }
    }
}
