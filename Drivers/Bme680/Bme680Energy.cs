using Firmware.Drivers.Bme280;
using Firmware.Drivers.Bmxx80;

namespace Firmware.Drivers.Bme680
{
    /// <summary>
    /// The BME680's own charge per conversion and per period. Currents from the datasheet (BST-BME680-DS001, table 1:
    /// I_DDT 350 µA, I_DDP 714 µA, I_DDH 340 µA while measuring, I_DDSL 0.15 µA asleep) and its key features (0.09–12
    /// mA "for p/h/T/gas depending on operation mode": the heater draws up to 12 mA while it holds the plate, taken as
    /// its current). Times as the binding computes the wait it sleeps (Iot.Device.Bmxx80's GetMeasurementDuration, from
    /// Bosch's API): 1963 µs per oversampling cycle, 477 µs of switching per channel converted, 5 × 477 µs for the gas
    /// ADC when gas runs, 1 ms to wake up, then the heater's time. The conversion phases are charged at their channel's
    /// current; switching, the gas ADC and waking up at I_DDT (an assumption: the datasheet gives no figure for them);
    /// the heater at 12 mA. Checked against the datasheet's averages at 1 Hz (2.1, 3.1 and 3.7 µA). Integer arithmetic:
    /// currents in nA, times in µs, charges in picocoulombs.
    /// </summary>
    public static class Bme680Energy
    {
        public const int TemperatureNanoamps = 350000;
        public const int PressureNanoamps = 714000;
        public const int HumidityNanoamps = 340000;
        public const int SleepNanoamps = 150;
        public const int HeaterNanoamps = 12000000;

        private const int CycleMicroseconds = 1963;
        private const int SwitchMicroseconds = 477;
        private const int WakeMicroseconds = 1000;

        /// <summary>Time of one forced conversion before the heater (the heater's own time is added by the caller), µs.</summary>
        public static int ConversionMicroseconds(int temperature, int pressure, int humidity, bool gas)
        {
            int cycles = Bme280Oversampling.Factor(temperature) + Bme280Oversampling.Factor(pressure) + Bme280Oversampling.Factor(humidity);
            int channels = (temperature > 0 ? 1 : 0) + (pressure > 0 ? 1 : 0) + (humidity > 0 ? 1 : 0);
            return (cycles * CycleMicroseconds) + ((channels + (gas ? 5 : 0)) * SwitchMicroseconds) + WakeMicroseconds;
        }

        /// <summary>Charge of one forced conversion without the heater, in picocoulombs.</summary>
        public static long ConversionPicocoulombs(int temperature, int pressure, int humidity, bool gas)
        {
            long femto = (long)Bme280Oversampling.Factor(temperature) * CycleMicroseconds * TemperatureNanoamps;
            femto += (long)Bme280Oversampling.Factor(pressure) * CycleMicroseconds * PressureNanoamps;
            femto += (long)Bme280Oversampling.Factor(humidity) * CycleMicroseconds * HumidityNanoamps;
            long cycles = (long)(Bme280Oversampling.Factor(temperature) + Bme280Oversampling.Factor(pressure) + Bme280Oversampling.Factor(humidity)) * CycleMicroseconds;
            femto += (ConversionMicroseconds(temperature, pressure, humidity, gas) - cycles) * TemperatureNanoamps;
            return femto / 1000;
        }

        /// <summary>The heater's charge for one gas reading of <paramref name="heaterMilliseconds"/>, in picocoulombs.</summary>
        public static long HeaterPicocoulombs(int heaterMilliseconds)
        {
            return (long)heaterMilliseconds * HeaterNanoamps;
        }

        /// <summary>
        /// Forced mode: one conversion per period (with a gas reading when <paramref name="heaterMilliseconds"/> is above
        /// 0), asleep for the rest. Picocoulombs per period.
        /// </summary>
        public static long ForcedPeriodPicocoulombs(int temperature, int pressure, int humidity, int heaterMilliseconds, long periodMilliseconds)
        {
            bool gas = heaterMilliseconds > 0;
            long busy = ConversionMicroseconds(temperature, pressure, humidity, gas) + ((long)heaterMilliseconds * 1000);
            long charge = ConversionPicocoulombs(temperature, pressure, humidity, gas) + HeaterPicocoulombs(heaterMilliseconds);
            return ConversionCharge.ForcedPeriod(charge, busy, SleepNanoamps, periodMilliseconds);
        }
    }
}
