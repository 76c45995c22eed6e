namespace Firmware.Host.Hardware.Bme280
{
    /// <summary>
    /// The calibration registers of a real BME280, as the simulated chip's factory trimming.
    ///
    /// Source: the register dump posted by a user on the Bosch Sensortec community forum, thread
    /// "BME280 Data to test Calculations" (MEMS sensors forum, 4 September 2019,
    /// https://community.bosch-sensortec.com/t5/MEMS-sensors-forum/BME280-Data-to-test-Calculations/td-p/9390):
    /// 32 bytes, registers 0x88..0x9F, 0xA1 and 0xE1..0xE7. That post also gives the chip's raw data
    /// (55 33 80 81 7F B0 79 13 from 0xF7) and its computed 24.44 °C and 54.17 %RH, which Bosch's integer
    /// formulas reproduce from these bytes (the test Bme280CalibrationTests checks it); its 1148.38 hPa was a
    /// mistake of the poster's pressure code: the same formulas give 996.21 hPa. Register 0xA0 is reserved
    /// and not in the dump; it reads 0x00 here.
    /// </summary>
    public static class Bme280CalibrationBlock
    {
        /// <summary>0x88..0xA1 (26 bytes): dig_T1..dig_P9, reserved 0xA0, dig_H1.</summary>
        public static byte[] Block1() => new byte[]
        {
            0x6C, 0x6E, 0x77, 0x66, 0x32, 0x00, 0xA8, 0x92, 0x27, 0xD5, 0xD0, 0x0B, 0x6F, 0x18, 0xCA, 0xFF,
            0xF9, 0xFF, 0xAC, 0x26, 0x0A, 0xD8, 0xBD, 0x10, 0x00, 0x4B,
        };

        /// <summary>0xE1..0xE7 (7 bytes): dig_H2..dig_H6.</summary>
        public static byte[] Block2() => new byte[] { 0x65, 0x01, 0x00, 0x14, 0x0B, 0x00, 0x1E };

        /// <summary>The post's raw data registers 0xF7..0xFE.</summary>
        public static byte[] PostedData() => new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0x79, 0x13 };
    }
}
