using System;

namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>A desktop binding's value as the firmware's fixed-point integer (as the ESP32 adapters' BindingValue).</summary>
    public static class DesktopBindingValue
    {
        /// <summary>value × factor rounded half away from zero; false (0 written) for NaN, infinities and beyond ±2·10⁹.</summary>
        public static bool Store(double value, double factor, int[] values, int index)
        {
            double scaled = value * factor;
            if (!(scaled > -2e9 && scaled < 2e9))
            {
                values[index] = 0;
                return false;
            }

            values[index] = (int)Math.Round(scaled, MidpointRounding.AwayFromZero);
            return true;
        }
    }
}
