namespace Firmware.Drivers.Bme280
{
    /// <summary>
    /// The BME280's own charge per conversion and per period, from the datasheet (BST-BME280-DS002 rev 1.6):
    /// supply currents of table 1 (I_DDT 350 µA, I_DDP 714 µA, I_DDH 340 µA while measuring; I_DDSL 0.1 µA
    /// asleep; I_DDSB 0.2 µA in normal mode's standby) and the typical measurement time of appendix 9.1,
    /// combined as in appendix 9.5 (each phase at its current, the rest of the period at the idle current).
    /// Integer arithmetic: currents in nA, times in µs, charges in picocoulombs (1 pC = 1 µA × 1 µs).
    /// </summary>
    public static class Bme280Energy
    {
        public const int TemperatureNanoamps = 350000;
        public const int PressureNanoamps = 714000;
        public const int HumidityNanoamps = 340000;
        public const int SleepNanoamps = 100;
        public const int StandbyNanoamps = 200;

        /// <summary>Charge of one conversion (measurement phases only), in picocoulombs.</summary>
        public static long ConversionPicocoulombs(int temperature, int pressure, int humidity)
        {
            long femto = (long)(1000 + (2000 * Bme280Oversampling.Factor(temperature))) * TemperatureNanoamps;
            if (pressure > 0)
            {
                femto += (long)((2000 * Bme280Oversampling.Factor(pressure)) + 500) * PressureNanoamps;
            }

            if (humidity > 0)
            {
                femto += (long)((2000 * Bme280Oversampling.Factor(humidity)) + 500) * HumidityNanoamps;
            }

            return femto / 1000;
        }

        /// <summary>Forced mode: one conversion per period, asleep for the rest. Picocoulombs per period.</summary>
        public static long ForcedPeriodPicocoulombs(int temperature, int pressure, int humidity, long periodMilliseconds)
        {
            long measuring = Bme280Oversampling.TypicalMicroseconds(temperature, pressure, humidity);
            long idle = (periodMilliseconds * 1000) - measuring;
            return ConversionPicocoulombs(temperature, pressure, humidity) + (idle * SleepNanoamps / 1000);
        }

        /// <summary>
        /// Normal mode: the chip cycles conversion + standby on its own for the whole period, whether or not
        /// anyone reads the results. Picocoulombs per period.
        /// </summary>
        public static long NormalPeriodPicocoulombs(int temperature, int pressure, int humidity, int standbyMicroseconds, long periodMilliseconds)
        {
            long measuring = Bme280Oversampling.TypicalMicroseconds(temperature, pressure, humidity);
            long periodMicros = periodMilliseconds * 1000;
            long cycles = periodMicros / (measuring + standbyMicroseconds);
            long idle = periodMicros - (cycles * measuring);
            return (cycles * ConversionPicocoulombs(temperature, pressure, humidity)) + (idle * StandbyNanoamps / 1000);
        }
    }
}
