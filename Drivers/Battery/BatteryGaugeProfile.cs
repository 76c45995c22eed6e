namespace Firmware.Drivers.Battery
{
    /// <summary>What a board says about its battery: the divider in front of the ADC pin and the chemistry's curve.</summary>
    public sealed class BatteryGaugeProfile
    {
        public BatteryGaugeProfile(BatteryCurve curve, int dividerTopOhms, int dividerBottomOhms)
        {
            if (curve == null || dividerTopOhms < 0 || dividerBottomOhms <= 0)
            {
                throw new System.ArgumentException("a battery gauge needs a curve and a divider with a bottom resistor above 0 ohms");
            }

            Curve = curve;
            DividerTopOhms = dividerTopOhms;
            DividerBottomOhms = dividerBottomOhms;
            Samples = 8;
            MinimumPinMillivolts = 50;
        }

        public BatteryCurve Curve { get; private set; }

        /// <summary>From the battery to the ADC pin.</summary>
        public int DividerTopOhms { get; private set; }

        /// <summary>From the ADC pin to ground.</summary>
        public int DividerBottomOhms { get; private set; }

        /// <summary>Conversions averaged per measurement.</summary>
        public int Samples { get; set; }

        /// <summary>Below this at the pin, no battery is connected (or the divider is open): no valid measurement.</summary>
        public int MinimumPinMillivolts { get; set; }

        /// <summary>The battery voltage for a pin voltage: pin × (top + bottom) / bottom, rounded.</summary>
        public int BatteryMillivolts(int pinMillivolts)
        {
            long total = (long)DividerTopOhms + DividerBottomOhms;
            return (int)((((long)pinMillivolts * total * 2) + DividerBottomOhms) / (2L * DividerBottomOhms));
        }

        /// <summary>The pin voltage for a battery voltage (the inverse, for simulated batteries).</summary>
        public int PinMillivolts(int batteryMillivolts)
        {
            long total = (long)DividerTopOhms + DividerBottomOhms;
            return (int)((((long)batteryMillivolts * DividerBottomOhms * 2) + total) / (2 * total));
        }
    }
}
