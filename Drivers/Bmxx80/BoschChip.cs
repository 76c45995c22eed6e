namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// The chip ids of Bosch's BMx280 and BME680 family (register 0xD0 on all of them) and their names. A board
    /// chooses its driver by the id it reads at boot (<see cref="BoschSensors"/>).
    /// </summary>
    public static class BoschChip
    {
        /// <summary>The id register, at the same address on every chip of the family.</summary>
        public const byte IdRegister = 0xD0;

        /// <summary>Engineering samples of the BMP280 answer 0x56 or 0x57; production chips 0x58 (BST-BMP280-DS001, 4.3.1).</summary>
        public const int Bmp280Sample1 = 0x56;

        public const int Bmp280Sample2 = 0x57;

        public const int Bmp280 = 0x58;

        public const int Bme280 = 0x60;

        public const int Bme680 = 0x61;

        /// <summary>True for every id a BMP280 answers.</summary>
        public static bool IsBmp280(int id)
        {
            return id >= Bmp280Sample1 && id <= Bmp280;
        }

        /// <summary>The chip an id belongs to ("BMP280", "BME280", "BME680"), or null for an id of none of them.</summary>
        public static string Name(int id)
        {
            if (IsBmp280(id))
            {
                return "BMP280";
            }

            if (id == Bme280)
            {
                return "BME280";
            }

            return id == Bme680 ? "BME680" : null;
        }

        /// <summary>"0x58 (BMP280)", or "0x12 (no chip of the family)", for messages (allocates).</summary>
        public static string Describe(int id)
        {
            string name = Name(id);
            return "0x" + Hex.Byte(id) + (name == null ? " (no chip of the family)" : " (" + name + ")");
        }
    }
}
