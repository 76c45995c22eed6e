using System;
using Firmware.Host.Hardware.Bmxx80;

namespace Firmware.Host.Hardware.Bme280
{
    /// <summary>
    /// The datasheet's floating-point compensation (BST-BME280-DS002 appendix 8.1, the formulas the desktop
    /// Iot.Device.Bmxx80 driver uses) and its numerical inverse: for a chosen temperature, humidity and pressure,
    /// the raw conversion results a chip with these coefficients reports, quantised to the resolution the
    /// oversampling gives. Host only.
    /// </summary>
    public sealed class Bme280ReferenceModel : IClimateModel
    {
        private readonly double _t1, _t2, _t3;
        private readonly double _p1, _p2, _p3, _p4, _p5, _p6, _p7, _p8, _p9;
        private readonly double _h1, _h2, _h3, _h4, _h5, _h6;

        public Bme280ReferenceModel(byte[] block1, byte[] block2)
        {
            _t1 = U16(block1, 0);
            _t2 = S16(block1, 2);
            _t3 = S16(block1, 4);
            _p1 = U16(block1, 6);
            _p2 = S16(block1, 8);
            _p3 = S16(block1, 10);
            _p4 = S16(block1, 12);
            _p5 = S16(block1, 14);
            _p6 = S16(block1, 16);
            _p7 = S16(block1, 18);
            _p8 = S16(block1, 20);
            _p9 = S16(block1, 22);
            _h1 = block1[25];
            _h2 = S16(block2, 0);
            _h3 = block2[2];
            _h4 = ((sbyte)block2[3] * 16) | (block2[4] & 0x0F);
            _h5 = ((sbyte)block2[5] * 16) | (block2[4] >> 4);
            _h6 = (sbyte)block2[6];
        }

        /// <summary>Temperature in °C and the fine temperature, from a 20-bit raw value.</summary>
        public double Temperature(int raw, out double fine)
        {
            double var1 = ((raw / 16384.0) - (_t1 / 1024.0)) * _t2;
            double var2 = (raw / 131072.0) - (_t1 / 8192.0);
            var2 = var2 * var2 * _t3;
            fine = var1 + var2;
            return fine / 5120.0;
        }

        /// <summary>Pressure in Pa from a 20-bit raw value at a fine temperature.</summary>
        public double Pressure(int raw, double fine)
        {
            double var1 = (fine / 2.0) - 64000.0;
            double var2 = var1 * var1 * _p6 / 32768.0;
            var2 = var2 + (var1 * _p5 * 2.0);
            var2 = (var2 / 4.0) + (_p4 * 65536.0);
            var1 = ((_p3 * var1 * var1 / 524288.0) + (_p2 * var1)) / 524288.0;
            var1 = (1.0 + (var1 / 32768.0)) * _p1;
            if (var1 == 0.0)
            {
                return 0;
            }

            double p = 1048576.0 - raw;
            p = (p - (var2 / 4096.0)) * 6250.0 / var1;
            var1 = _p9 * p * p / 2147483648.0;
            var2 = p * _p8 / 32768.0;
            return p + ((var1 + var2 + _p7) / 16.0);
        }

        /// <summary>Relative humidity in %RH (clamped to 0..100) from a 16-bit raw value at a fine temperature.</summary>
        public double Humidity(int raw, double fine)
        {
            double h = fine - 76800.0;
            h = (raw - ((_h4 * 64.0) + (_h5 / 16384.0 * h))) * (_h2 / 65536.0 * (1.0 + (_h6 / 67108864.0 * h * (1.0 + (_h3 / 67108864.0 * h)))));
            h = h * (1.0 - (_h1 * h / 524288.0));
            return Math.Clamp(h, 0.0, 100.0);
        }

        /// <summary>The 20-bit raw temperature nearest to <paramref name="celsius"/> at the oversampling's resolution.</summary>
        public int RawTemperature(double celsius, int resolutionBits) =>
            MonotonicInverse.Nearest(20, resolutionBits, raw => Temperature(raw, out _), celsius, increasing: true);

        /// <summary>The 20-bit raw pressure nearest to <paramref name="pascal"/> at a fine temperature.</summary>
        public int RawPressure(double pascal, double fine, int resolutionBits) =>
            MonotonicInverse.Nearest(20, resolutionBits, raw => Pressure(raw, fine), pascal, increasing: false);

        /// <summary>The 16-bit raw humidity nearest to <paramref name="percent"/> at a fine temperature.</summary>
        public int RawHumidity(double percent, double fine) =>
            MonotonicInverse.Nearest(16, 16, raw => Humidity(raw, fine), percent, increasing: true);

        private static int U16(byte[] b, int i) => b[i] | (b[i + 1] << 8);

        private static int S16(byte[] b, int i) => (short)(b[i] | (b[i + 1] << 8));
    }
}
