namespace Firmware.Drivers.Bme280
{
    /// <summary>
    /// The oversampling codes of ctrl_hum and ctrl_meas (datasheet tables 20, 23, 24) and the measurement time
    /// they take (appendix 9.1). Codes: 0 skipped, 1 ×1, 2 ×2, 3 ×4, 4 ×8, 5 ×16.
    /// </summary>
    public static class Bme280Oversampling
    {
        public const int Skipped = 0;
        public const int X1 = 1;
        public const int X2 = 2;
        public const int X4 = 3;
        public const int X8 = 4;
        public const int X16 = 5;

        /// <summary>How many samples a code averages (0 when skipped).</summary>
        public static int Factor(int code)
        {
            if (code <= 0)
            {
                return 0;
            }

            return code >= 5 ? 16 : 1 << (code - 1);
        }

        /// <summary>Typical measurement time in microseconds: 1 + 2·T + (2·P + 0.5) + (2·H + 0.5) ms.</summary>
        public static int TypicalMicroseconds(int temperature, int pressure, int humidity)
        {
            return Time(1000, 2000, 500, temperature, pressure, humidity);
        }

        /// <summary>Maximum measurement time in microseconds: 1.25 + 2.3·T + (2.3·P + 0.575) + (2.3·H + 0.575) ms.</summary>
        public static int MaximumMicroseconds(int temperature, int pressure, int humidity)
        {
            return Time(1250, 2300, 575, temperature, pressure, humidity);
        }

        /// <summary>Bits of resolution a temperature or pressure result has: 16 + log2(factor), 20 at ×16.</summary>
        public static int ResolutionBits(int code)
        {
            return code <= 0 ? 0 : 15 + (code >= 5 ? 5 : code);
        }

        private static int Time(int start, int perSample, int settle, int temperature, int pressure, int humidity)
        {
            int t = start + (perSample * Factor(temperature));
            if (pressure > 0)
            {
                t += (perSample * Factor(pressure)) + settle;
            }

            if (humidity > 0)
            {
                t += (perSample * Factor(humidity)) + settle;
            }

            return t;
        }
    }
}
