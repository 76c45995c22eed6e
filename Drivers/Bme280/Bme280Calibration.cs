namespace Firmware.Drivers.Bme280
{
    /// <summary>
    /// The trimming coefficients of one BME280 and Bosch's integer compensation formulas (datasheet
    /// BST-BME280-DS002 section 4.2.3 and appendix 8.2: 32-bit temperature and humidity, 64-bit pressure).
    /// Integer arithmetic only, so device and host compute the same values bit for bit.
    /// </summary>
    public sealed class Bme280Calibration
    {
        private int _t1;
        private int _t2;
        private int _t3;
        private long _p1;
        private long _p2;
        private long _p3;
        private long _p4;
        private long _p5;
        private long _p6;
        private long _p7;
        private long _p8;
        private long _p9;
        private int _h1;
        private int _h2;
        private int _h3;
        private int _h4;
        private int _h5;
        private int _h6;

        /// <summary>The fine temperature of the last <see cref="CompensateTemperature"/>, which pressure and humidity need.</summary>
        public int TemperatureFine { get; private set; }

        /// <summary>
        /// Reads the coefficients from calibration block 1 (26 bytes from 0x88) and block 2 (7 bytes from 0xE1),
        /// as laid out in the datasheet's table 16. Returns null when they are usable, else why not.
        /// </summary>
        public string Load(byte[] block1, int offset1, byte[] block2, int offset2)
        {
            if (IsUniform(block1, offset1, Bme280Register.Calibration1Length, 0x00) && IsUniform(block2, offset2, Bme280Register.Calibration2Length, 0x00))
            {
                return "calibration reads all zeros";
            }

            if (IsUniform(block1, offset1, Bme280Register.Calibration1Length, 0xFF) && IsUniform(block2, offset2, Bme280Register.Calibration2Length, 0xFF))
            {
                return "calibration reads all ones";
            }

            _t1 = UInt16(block1, offset1);
            _t2 = Int16(block1, offset1 + 2);
            _t3 = Int16(block1, offset1 + 4);
            _p1 = UInt16(block1, offset1 + 6);
            _p2 = Int16(block1, offset1 + 8);
            _p3 = Int16(block1, offset1 + 10);
            _p4 = Int16(block1, offset1 + 12);
            _p5 = Int16(block1, offset1 + 14);
            _p6 = Int16(block1, offset1 + 16);
            _p7 = Int16(block1, offset1 + 18);
            _p8 = Int16(block1, offset1 + 20);
            _p9 = Int16(block1, offset1 + 22);
            _h1 = block1[offset1 + 25];
            _h2 = Int16(block2, offset2);
            _h3 = block2[offset2 + 2];

            // dig_H4 and dig_H5 are 12-bit signed values sharing 0xE5; the sign comes from 0xE4 and 0xE6.
            _h4 = ((sbyte)block2[offset2 + 3] * 16) | (block2[offset2 + 4] & 0x0F);
            _h5 = ((sbyte)block2[offset2 + 5] * 16) | (block2[offset2 + 4] >> 4);
            _h6 = (sbyte)block2[offset2 + 6];

            if (_t1 == 0 || _p1 == 0)
            {
                return "calibration has dig_T1 or dig_P1 of zero";
            }

            return null;
        }

        /// <summary>Temperature in hundredths of a degree Celsius from the 20-bit raw value; sets <see cref="TemperatureFine"/>.</summary>
        public int CompensateTemperature(int rawTemperature)
        {
            // Bosch's 32-bit formula, widened where a large coefficient could overflow; equal on valid input.
            long var1 = ((long)((rawTemperature >> 3) - (_t1 << 1)) * _t2) >> 11;
            long delta = (rawTemperature >> 4) - _t1;
            long var2 = (((delta * delta) >> 12) * _t3) >> 14;
            TemperatureFine = (int)(var1 + var2);
            return ((TemperatureFine * 5) + 128) >> 8;
        }

        /// <summary>
        /// Pressure in Pa as Q24.8 (divide by 256) from the 20-bit raw value, after a temperature compensation;
        /// -1 when the coefficients would divide by zero.
        /// </summary>
        public long CompensatePressureQ24_8(int rawPressure)
        {
            long var1 = (long)TemperatureFine - 128000;
            long var2 = var1 * var1 * _p6;
            var2 = var2 + ((var1 * _p5) << 17);
            var2 = var2 + (_p4 << 35);
            var1 = ((var1 * var1 * _p3) >> 8) + ((var1 * _p2) << 12);
            var1 = ((((long)1 << 47) + var1) * _p1) >> 33;
            if (var1 == 0)
            {
                return -1;
            }

            long p = 1048576 - rawPressure;
            p = (((p << 31) - var2) * 3125) / var1;
            var1 = (_p9 * (p >> 13) * (p >> 13)) >> 25;
            var2 = (_p8 * p) >> 19;
            return ((p + var1 + var2) >> 8) + (_p7 << 4);
        }

        /// <summary>Relative humidity in %RH as Q22.10 (divide by 1024), clamped to 0..100, after a temperature compensation.</summary>
        public int CompensateHumidityQ22_10(int rawHumidity)
        {
            int v = TemperatureFine - 76800;
            v = ((((rawHumidity << 14) - (_h4 << 20) - (_h5 * v)) + 16384) >> 15)
                * (((((((v * _h6) >> 10) * (((v * _h3) >> 11) + 32768)) >> 10) + 2097152) * _h2 + 8192) >> 14);
            v = v - (((((v >> 15) * (v >> 15)) >> 7) * _h1) >> 4);
            v = v < 0 ? 0 : v;
            v = v > 419430400 ? 419430400 : v;
            return v >> 12;
        }

        private static int UInt16(byte[] b, int i)
        {
            return b[i] | (b[i + 1] << 8);
        }

        private static int Int16(byte[] b, int i)
        {
            return (short)(b[i] | (b[i + 1] << 8));
        }

        private static bool IsUniform(byte[] b, int offset, int count, byte value)
        {
            for (int i = 0; i < count; i++)
            {
                if (b[offset + i] != value)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
