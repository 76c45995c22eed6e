namespace Firmware.Host.Hardware.Bme680
{
    /// <summary>
    /// A BME680's calibration coefficients (Bosch's BME68x Sensor API names and types) and their register layout.
    /// <see cref="Typical"/> are values of the magnitudes BME680 chips report, chosen for the simulated chip, not the
    /// dump of one chip; par_t3, par_p3, par_p6, par_p7 and range_sw_err are signed in Bosch's API and positive here
    /// (the bindings read them unsigned: see Drivers/Bme680/README.md).
    /// </summary>
    public sealed class Bme680Coefficients
    {
        public int T1 { get; set; }
        public int T2 { get; set; }
        public int T3 { get; set; }
        public int P1 { get; set; }
        public int P2 { get; set; }
        public int P3 { get; set; }
        public int P4 { get; set; }
        public int P5 { get; set; }
        public int P6 { get; set; }
        public int P7 { get; set; }
        public int P8 { get; set; }
        public int P9 { get; set; }
        public int P10 { get; set; }
        public int H1 { get; set; }
        public int H2 { get; set; }
        public int H3 { get; set; }
        public int H4 { get; set; }
        public int H5 { get; set; }
        public int H6 { get; set; }
        public int H7 { get; set; }
        public int Gh1 { get; set; }
        public int Gh2 { get; set; }
        public int Gh3 { get; set; }
        public int ResHeatRange { get; set; }
        public int ResHeatVal { get; set; }
        public int RangeSwitchingError { get; set; }

        public static Bme680Coefficients Typical() => new Bme680Coefficients
        {
            T1 = 26164, T2 = 26224, T3 = 3,
            P1 = 36620, P2 = -10434, P3 = 88, P4 = 6718, P5 = -96, P6 = 30, P7 = 54, P8 = -4195, P9 = -1519, P10 = 30,
            H1 = 824, H2 = 1016, H3 = 0, H4 = 45, H5 = 20, H6 = 120, H7 = -100,
            Gh1 = -30, Gh2 = -5969, Gh3 = 18,
            ResHeatRange = 1, ResHeatVal = 44, RangeSwitchingError = 2,
        };

        /// <summary>0x8A..0xA0 (23 bytes): par_t2, par_t3, par_p1..par_p10.</summary>
        public byte[] Block1()
        {
            byte[] b = new byte[23];
            Word(b, 0, T2);
            b[2] = (byte)T3;
            Word(b, 4, P1);
            Word(b, 6, P2);
            b[8] = (byte)P3;
            Word(b, 10, P4);
            Word(b, 12, P5);
            b[14] = (byte)P7;
            b[15] = (byte)P6;
            Word(b, 18, P8);
            Word(b, 20, P9);
            b[22] = (byte)P10;
            return b;
        }

        /// <summary>0xE1..0xEE (14 bytes): par_h2/par_h1 (12 bits each, sharing 0xE2), par_h3..par_h7, par_t1, par_gh2, par_gh1, par_gh3.</summary>
        public byte[] Block2()
        {
            byte[] b = new byte[14];
            b[0] = (byte)(H2 >> 4);
            b[1] = (byte)(((H2 & 0x0F) << 4) | (H1 & 0x0F));
            b[2] = (byte)(H1 >> 4);
            b[3] = (byte)H3;
            b[4] = (byte)H4;
            b[5] = (byte)H5;
            b[6] = (byte)H6;
            b[7] = (byte)H7;
            Word(b, 8, T1);
            Word(b, 10, Gh2);
            b[12] = (byte)Gh1;
            b[13] = (byte)Gh3;
            return b;
        }

        /// <summary>0x00..0x04 (5 bytes): res_heat_val, res_heat_range (bits 5:4 of 0x02), range_sw_err (bits 7:4 of 0x04).</summary>
        public byte[] Block3()
        {
            byte[] b = new byte[5];
            b[0] = (byte)ResHeatVal;
            b[2] = (byte)((ResHeatRange & 0x03) << 4);
            b[4] = (byte)((RangeSwitchingError & 0x0F) << 4);
            return b;
        }

        private static void Word(byte[] b, int at, int value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
        }
    }
}
