using System;
using Firmware.Host.Hardware.Bmxx80;

namespace Firmware.Host.Hardware.Bme680
{
    /// <summary>
    /// The BME680's floating-point compensation as Bosch's API gives it (the formulas the Iot.Device.Bmxx80 bindings
    /// port, with Bosch's signed coefficients) and its numerical inverse: for a chosen temperature, pressure, humidity and
    /// gas resistance, the raw results a chip with these coefficients reports. Host only.
    /// </summary>
    public sealed class Bme680ReferenceModel : IClimateModel
    {
        // The gas range's correction factors (Bosch's API, lookup tables 1 and 2 of the BME680's formula).
        private static readonly double[] K1 = { 0.0, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, -0.8, 0.0, 0.0, -0.2, -0.5, 0.0, -1.0, 0.0, 0.0 };
        private static readonly double[] K2 = { 0.0, 0.0, 0.0, 0.0, 0.1, 0.7, 0.0, -0.8, -0.1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 };

        private readonly Bme680Coefficients _c;

        public Bme680ReferenceModel(Bme680Coefficients coefficients)
        {
            _c = coefficients;
        }

        /// <summary>Temperature in °C and the fine temperature, from a 20-bit raw value.</summary>
        public double Temperature(int raw, out double fine)
        {
            double var1 = ((raw / 16384.0) - (_c.T1 / 1024.0)) * _c.T2;
            double var2 = (raw / 131072.0) - (_c.T1 / 8192.0);
            var2 = var2 * var2 * _c.T3 * 16.0;
            fine = var1 + var2;
            return fine / 5120.0;
        }

        /// <summary>Pressure in Pa from a 20-bit raw value at a fine temperature.</summary>
        public double Pressure(int raw, double fine)
        {
            double var1 = (fine / 2.0) - 64000.0;
            double var2 = var1 * var1 * (_c.P6 / 131072.0);
            var2 += var1 * _c.P5 * 2.0;
            var2 = (var2 / 4.0) + (_c.P4 * 65536.0);
            var1 = ((_c.P3 * var1 * var1 / 16384.0) + (_c.P2 * var1)) / 524288.0;
            var1 = (1.0 + (var1 / 32768.0)) * _c.P1;
            if (var1 == 0)
            {
                return 0;
            }

            double p = 1048576.0 - raw;
            p = (p - (var2 / 4096.0)) * 6250.0 / var1;
            var1 = _c.P9 * p * p / 2147483648.0;
            var2 = p * (_c.P8 / 32768.0);
            double var3 = (p / 256.0) * (p / 256.0) * (p / 256.0) * (_c.P10 / 131072.0);
            return p + ((var1 + var2 + var3 + (_c.P7 * 128.0)) / 16.0);
        }

        /// <summary>Relative humidity in %RH (clamped to 0..100) from a 16-bit raw value at a fine temperature.</summary>
        public double Humidity(int raw, double fine)
        {
            double celsius = fine / 5120.0;
            double var1 = raw - ((_c.H1 * 16.0) + (_c.H3 / 2.0 * celsius));
            double var2 = var1 * (_c.H2 / 262144.0 * (1.0 + (_c.H4 / 16384.0 * celsius) + (_c.H5 / 1048576.0 * celsius * celsius)));
            double var3 = _c.H6 / 16384.0;
            double var4 = _c.H7 / 2097152.0;
            return Math.Clamp(var2 + ((var3 + (var4 * celsius)) * var2 * var2), 0.0, 100.0);
        }

        /// <summary>Gas resistance in Ω from the 10-bit raw value and its range.</summary>
        public double GasResistance(int raw, int range)
        {
            double var1 = 1340.0 + (5.0 * _c.RangeSwitchingError);
            double var2 = var1 * (1.0 + (K1[range] / 100.0));
            double var3 = 1.0 + (K2[range] / 100.0);
            return 1.0 / (var3 * 0.000000125 * (1 << range) * (((raw - 512.0) / var2) + 1.0));
        }

        public int RawTemperature(double celsius, int resolutionBits) =>
            MonotonicInverse.Nearest(20, resolutionBits, raw => Temperature(raw, out _), celsius, increasing: true);

        public int RawPressure(double pascal, double fine, int resolutionBits) =>
            MonotonicInverse.Nearest(20, resolutionBits, raw => Pressure(raw, fine), pascal, increasing: false);

        public int RawHumidity(double percent, double fine) =>
            MonotonicInverse.Nearest(16, 16, raw => Humidity(raw, fine), percent, increasing: true);

        /// <summary>The raw gas value and range for <paramref name="ohms"/>: the range whose raw value is nearest mid-scale, as the chip's auto-ranging keeps it.</summary>
        public (int Raw, int Range) RawGas(double ohms)
        {
            int bestRange = 0;
            int bestRaw = 0;
            int bestDistance = int.MaxValue;
            for (int range = 0; range < 16; range++)
            {
                int raw = MonotonicInverse.Nearest(10, 10, r => GasResistance(r, range), ohms, increasing: false);
                double error = Math.Abs(GasResistance(raw, range) - ohms) / ohms;
                int distance = Math.Abs(raw - 512);
                if (raw > 0 && raw < 1023 && error < 0.01 && distance < bestDistance)
                {
                    (bestRange, bestRaw, bestDistance) = (range, raw, distance);
                }
            }

            if (bestDistance == int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(ohms), ohms, "no gas range of the chip reaches this resistance");
            }

            return (bestRaw, bestRange);
        }
    }
}
