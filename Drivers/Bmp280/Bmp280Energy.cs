using Firmware.Drivers.Bme280;
using Firmware.Drivers.Bmxx80;

namespace Firmware.Drivers.Bmp280
{
    /// <summary>
    /// The BMP280's own charge per conversion and per period, from its datasheet (BST-BMP280-DS001 rev 1.14): the
    /// supply currents of table 2 (I_DDT 325 µA measuring temperature, I_DDP 720 µA measuring pressure, I_DDSL 0.1 µA
    /// asleep, I_DDSB 0.2 µA in normal mode's standby) and the typical measurement time of section 3.8.1, the BME280's
    /// formula without humidity (<see cref="Bme280Oversampling"/>: 1 + 2·T + 2·P + 0.5 ms, 5.5 ms at ×1). Each phase is
    /// charged at its current, as the datasheets' current-consumption sections do. Integer arithmetic: currents in nA,
    /// times in µs, charges in picocoulombs.
    /// </summary>
    public static class Bmp280Energy
    {
        public const int TemperatureNanoamps = 325000;
        public const int PressureNanoamps = 720000;
        public const int SleepNanoamps = 100;
        public const int StandbyNanoamps = 200;

        /// <summary>Typical time of one forced conversion, µs.</summary>
        public static int ConversionMicroseconds(int temperature, int pressure)
        {
            return Bme280Oversampling.TypicalMicroseconds(temperature, pressure, Bme280Oversampling.Skipped);
        }

        /// <summary>Charge of one conversion (the start-up and temperature phases at I_DDT, pressure at I_DDP), in picocoulombs.</summary>
        public static long ConversionPicocoulombs(int temperature, int pressure)
        {
            long femto = (long)(1000 + (2000 * Bme280Oversampling.Factor(temperature))) * TemperatureNanoamps;
            if (pressure > 0)
            {
                femto += (long)((2000 * Bme280Oversampling.Factor(pressure)) + 500) * PressureNanoamps;
            }

            return femto / 1000;
        }

        /// <summary>Forced mode: one conversion per period, asleep for the rest. Picocoulombs per period.</summary>
        public static long ForcedPeriodPicocoulombs(int temperature, int pressure, long periodMilliseconds)
        {
            return ConversionCharge.ForcedPeriod(ConversionPicocoulombs(temperature, pressure), ConversionMicroseconds(temperature, pressure), SleepNanoamps, periodMilliseconds);
        }

        /// <summary>Normal mode, standby <paramref name="standbyMicroseconds"/> between conversions. Picocoulombs per period.</summary>
        public static long NormalPeriodPicocoulombs(int temperature, int pressure, int standbyMicroseconds, long periodMilliseconds)
        {
            return ConversionCharge.NormalPeriod(ConversionPicocoulombs(temperature, pressure), ConversionMicroseconds(temperature, pressure), standbyMicroseconds, StandbyNanoamps, periodMilliseconds);
        }
    }
}
