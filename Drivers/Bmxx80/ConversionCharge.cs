namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// A chip's charge over a period from one conversion's charge and time, as the datasheets' current-consumption
    /// appendices combine them: forced mode is one conversion per period and the idle (sleep) current for the rest;
    /// normal mode converts on its own every measurement + standby time for the whole period, at the standby current in
    /// between. Integer units: currents in nA, times in µs, charges in picocoulombs (1 pC = 1 µA × 1 µs).
    /// </summary>
    public static class ConversionCharge
    {
        /// <summary>Forced mode: one conversion per period, the rest at <paramref name="sleepNanoamps"/>.</summary>
        public static long ForcedPeriod(long conversionPicocoulombs, long conversionMicroseconds, int sleepNanoamps, long periodMilliseconds)
        {
            long idle = (periodMilliseconds * 1000) - conversionMicroseconds;
            return conversionPicocoulombs + (idle * sleepNanoamps / 1000);
        }

        /// <summary>Normal mode: a conversion every measurement + standby time whether or not anyone reads, standby in between.</summary>
        public static long NormalPeriod(long conversionPicocoulombs, long conversionMicroseconds, int standbyMicroseconds, int standbyNanoamps, long periodMilliseconds)
        {
            long periodMicros = periodMilliseconds * 1000;
            long cycles = periodMicros / (conversionMicroseconds + standbyMicroseconds);
            long idle = periodMicros - (cycles * conversionMicroseconds);
            return (cycles * conversionPicocoulombs) + (idle * standbyNanoamps / 1000);
        }
    }
}
