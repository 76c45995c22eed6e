namespace Firmware.Esp32.Loader
{
    /// <summary>
    /// How much of the I: drive the firmware's flash region may take, as 4 KiB sector files, for each
    /// partition table (see nf-targets/esp32/README.md for the budget behind each figure). Frozen with the
    /// loader: the layout of the region, boot control included, follows from the number of sectors.
    /// </summary>
    public static class StorageProfile
    {
        public const int SectorSize = 4096;

        /// <summary>Folder on I: that holds one file per sector.</summary>
        public const string Folder = "I:\\flash";

        /// <summary>Stock 4 MB table (I: 256 KiB, shared with Wi-Fi settings and certificates): log and state only, no OTA slots.</summary>
        public const int Stock4Mb = 48;

        /// <summary>4 MB with the README's table (deploy 1 MiB, I: 1152 KiB): two OTA slots of 256 KiB.</summary>
        public const int Custom4Mb = 256;

        /// <summary>Stock 8 MB table (I: 2 MiB).</summary>
        public const int Stock8Mb = 448;

        /// <summary>Stock 16 MB table (I: 3 MiB).</summary>
        public const int Stock16Mb = 704;

        /// <summary>The profile this loader is built for; change it to match the board's partition table.</summary>
        public const int Sectors = Stock4Mb;
    }
}
