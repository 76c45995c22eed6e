namespace Firmware.Drivers.Bmp280
{
    /// <summary>BMP280 registers the guard reads (BST-BMP280-DS001, 4.2 memory map) and their bits.</summary>
    public static class Bmp280Register
    {
        /// <summary>Calibration: dig_T1..dig_P9 (0x88..0x9F), little-endian 16-bit words.</summary>
        public const byte Calibration = 0x88;
        public const int CalibrationLength = 24;

        /// <summary>The burst the guard reads after each conversion: status, ctrl_meas, config, reserved, press (3), temp (3).</summary>
        public const byte Status = 0xF3;
        public const int BurstLength = 10;

        /// <summary>status bit 3: a conversion is running.</summary>
        public const byte StatusMeasuring = 0x08;

        /// <summary>status bit 0: the NVM is being copied to the image registers (after power-on or a reset).</summary>
        public const byte StatusImageUpdate = 0x01;

        /// <summary>ctrl_meas bits 1:0: 00 asleep, 01/10 forced, 11 normal.</summary>
        public const byte ModeMask = 0x03;
    }
}
