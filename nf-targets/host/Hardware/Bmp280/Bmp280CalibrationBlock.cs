namespace Firmware.Host.Hardware.Bmp280
{
    /// <summary>
    /// The calibration registers of the simulated BMP280: the coefficients of the BMP280 datasheet's worked example
    /// (BST-BMP280-DS001, 3.12 / 8.2: dig_T1 27504, dig_T2 26435, dig_T3 -1000, dig_P1 36477, dig_P2 -10685,
    /// dig_P3 3024, dig_P4 2855, dig_P5 140, dig_P6 -7, dig_P7 15500, dig_P8 -14600, dig_P9 6000), which with raw
    /// temperature 519888 and raw pressure 415148 give 25.08 °C and 100653 Pa.
    /// </summary>
    public static class Bmp280CalibrationBlock
    {
        /// <summary>0x88..0x9F (24 bytes): dig_T1..dig_P9, little-endian.</summary>
        public static byte[] Coefficients() => Words(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000);

        private static byte[] Words(params int[] words)
        {
            byte[] bytes = new byte[words.Length * 2];
            for (int i = 0; i < words.Length; i++)
            {
                bytes[2 * i] = (byte)words[i];
                bytes[(2 * i) + 1] = (byte)(words[i] >> 8);
            }

            return bytes;
        }
    }
}
