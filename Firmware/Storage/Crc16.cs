namespace Firmware.Storage
{
    /// <summary>
    /// CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF; "123456789" gives 0x29B1). Guards each stored
    /// reading and state record against bit rot; it detects every error of up to three bits in records of
    /// this size. Torn writes are caught by the commit marker, not by this CRC.
    /// </summary>
    public static class Crc16
    {
        private static readonly ushort[] Table = BuildTable();

        public static int Compute(byte[] buffer, int offset, int count)
        {
            int crc = 0xFFFF;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = ((crc << 8) ^ Table[((crc >> 8) ^ buffer[i]) & 0xFF]) & 0xFFFF;
            }

            return crc;
        }

        private static ushort[] BuildTable()
        {
            ushort[] table = new ushort[256];
            for (int n = 0; n < 256; n++)
            {
                int c = n << 8;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 0x8000) != 0 ? (c << 1) ^ 0x1021 : c << 1;
                }

                table[n] = (ushort)(c & 0xFFFF);
            }

            return table;
        }
    }
}
