namespace Firmware.Esp32.Adapters
{
    /// <summary>A binding's floating-point value as the firmware's fixed-point integer.</summary>
    public static class BindingValue
    {
        /// <summary>
        /// <paramref name="value"/> × <paramref name="factor"/>, rounded half away from zero, into
        /// <paramref name="values"/>[<paramref name="index"/>]; false (and 0 written) for NaN, an infinity or a value
        /// beyond ±2·10⁹ (no number a binding should give).
        /// </summary>
        public static bool Store(double value, double factor, int[] values, int index)
        {
            double scaled = value * factor;
            if (!(scaled > -2000000000.0 && scaled < 2000000000.0))
            {
                values[index] = 0;
                return false;
            }

            values[index] = (int)(scaled >= 0 ? scaled + 0.5 : scaled - 0.5);
            return true;
        }
    }
}
