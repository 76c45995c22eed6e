namespace Firmware.Drivers.Bme280
{
    /// <summary>BME280 register addresses and fixed values (datasheet BST-BME280-DS002, section 5.3 memory map).</summary>
    public static class Bme280Register
    {
        /// <summary>Calibration block 1: dig_T1..dig_P9 (0x88..0x9F), a reserved byte (0xA0), dig_H1 (0xA1).</summary>
        public const byte Calibration1 = 0x88;
        public const int Calibration1Length = 26;

        public const byte ChipId = 0xD0;
        public const byte Reset = 0xE0;

        /// <summary>Calibration block 2: dig_H2..dig_H6 (0xE1..0xE7).</summary>
        public const byte Calibration2 = 0xE1;
        public const int Calibration2Length = 7;

        public const byte ControlHumidity = 0xF2;
        public const byte Status = 0xF3;
        public const byte ControlMeasurement = 0xF4;
        public const byte Config = 0xF5;

        /// <summary>Data block: press_msb..hum_lsb (0xF7..0xFE), read in one burst so all values come from one conversion.</summary>
        public const byte Data = 0xF7;
        public const int DataLength = 8;

        /// <summary>The chip id of a BME280 (0x56..0x58 are BMP280s, which have no humidity sensor).</summary>
        public const byte Bme280Id = 0x60;

        /// <summary>The soft-reset word written to <see cref="Reset"/>.</summary>
        public const byte ResetWord = 0xB6;

        /// <summary>status bit 3: a conversion is running.</summary>
        public const byte StatusMeasuring = 0x08;

        /// <summary>ctrl_meas mode bits 01: one forced conversion, then back to sleep (00).</summary>
        public const byte ModeForced = 0x01;
        public const byte ModeNormal = 0x03;
        public const byte ModeMask = 0x03;
    }
}
