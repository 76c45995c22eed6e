namespace Firmware.Drivers.Battery
{
    /// <summary>
    /// State of charge as a function of the resting battery voltage, for one chemistry: points joined by
    /// straight lines, clamped to 0 and 100 % outside them. The same curve turns a measured voltage into a
    /// charge on the device and a simulated charge into a voltage on the host.
    /// </summary>
    public sealed class BatteryCurve
    {
        private readonly int[] _millivolts;
        private readonly int[] _percents;

        /// <param name="name">For reports, e.g. "li-ion".</param>
        /// <param name="millivolts">Battery voltages, strictly increasing.</param>
        /// <param name="percents">State of charge at each voltage, 0 to 100, never decreasing, from 0 to 100.</param>
        public BatteryCurve(string name, int[] millivolts, int[] percents)
        {
            string problem = Check(millivolts, percents);
            if (problem != null)
            {
                throw new System.ArgumentException("battery curve '" + name + "': " + problem);
            }

            Name = name;
            _millivolts = millivolts;
            _percents = percents;
        }

        public string Name { get; private set; }

        /// <summary>The voltage at 0 %: the battery is empty (for a boosted pack, where the converter stops).</summary>
        public int EmptyMillivolts
        {
            get { return _millivolts[0]; }
        }

        /// <summary>The voltage at 100 %.</summary>
        public int FullMillivolts
        {
            get { return _millivolts[_millivolts.Length - 1]; }
        }

        /// <summary>
        /// One Li-ion (LiCoO2/NMC) cell at rest or light load: the widely used single-cell resting-voltage
        /// table (4.20 V full, 3.27 V empty). A board with another cell should supply its own curve.
        /// </summary>
        public static BatteryCurve LithiumIonCell()
        {
            return new BatteryCurve(
                "li-ion",
                new int[] { 3270, 3610, 3690, 3710, 3730, 3750, 3770, 3790, 3800, 3820, 3840, 3850, 3870, 3910, 3950, 3980, 4020, 4080, 4110, 4150, 4200 },
                new int[] { 0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100 });
        }

        /// <summary>
        /// Two alkaline AA cells in series behind a boost converter, at the light drain of a sleeping sensor:
        /// the shape of published alkaline discharge curves (1.6 V per cell fresh, a long slope through 1.2 V,
        /// a knee near 1.0 V), ending at 0.9 V per cell, where common boost converters stop.
        /// </summary>
        public static BatteryCurve TwoAlkalineCellsBoosted()
        {
            return new BatteryCurve(
                "2xAA-alkaline",
                new int[] { 1800, 2000, 2200, 2400, 2600, 2800, 3000, 3200 },
                new int[] { 0, 5, 14, 30, 52, 72, 90, 100 });
        }

        /// <summary>State of charge in percent (0 to 100) at this battery voltage.</summary>
        public int ChargePercent(int millivolts)
        {
            if (millivolts <= _millivolts[0])
            {
                return _percents[0];
            }

            int last = _millivolts.Length - 1;
            if (millivolts >= _millivolts[last])
            {
                return _percents[last];
            }

            int i = 1;
            while (_millivolts[i] < millivolts)
            {
                i++;
            }

            return Interpolate(millivolts, _millivolts[i - 1], _millivolts[i], _percents[i - 1], _percents[i]);
        }

        /// <summary>The resting voltage at this state of charge (the inverse, for simulated batteries).</summary>
        public int Millivolts(int chargePercent)
        {
            if (chargePercent <= 0)
            {
                return _millivolts[0];
            }

            int last = _percents.Length - 1;
            if (chargePercent >= 100)
            {
                return _millivolts[last];
            }

            int i = 1;
            while (_percents[i] < chargePercent)
            {
                i++;
            }

            return Interpolate(chargePercent, _percents[i - 1], _percents[i], _millivolts[i - 1], _millivolts[i]);
        }

        // Rounded linear interpolation of y at x between (x0, y0) and (x1, y1); x0 < x1.
        private static int Interpolate(int x, int x0, int x1, int y0, int y1)
        {
            long span = x1 - x0;
            long scaled = ((long)(x - x0) * (y1 - y0) * 2) + span;
            return y0 + (int)(scaled / (2 * span));
        }

        private static string Check(int[] millivolts, int[] percents)
        {
            if (millivolts == null || percents == null || millivolts.Length < 2 || millivolts.Length != percents.Length)
            {
                return "needs at least two points, as many voltages as percentages";
            }

            if (percents[0] != 0 || percents[percents.Length - 1] != 100)
            {
                return "must run from 0 % to 100 %";
            }

            for (int i = 1; i < millivolts.Length; i++)
            {
                if (millivolts[i] <= millivolts[i - 1])
                {
                    return "voltages must strictly increase";
                }

                if (percents[i] <= percents[i - 1])
                {
                    return "percentages must strictly increase";
                }
            }

            return null;
        }
    }
}
