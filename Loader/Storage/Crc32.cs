namespace Firmware.Storage
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF; "123456789"
    /// gives 0xCBF43926). Guards sector headers, boot control and slot descriptors, where a false match after a torn erase
    /// must be as unlikely as 2^-32. The table is built once.
    /// </summary>
    public static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        /// <summary>The CRC of <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] buffer, int offset, int count)
        {
            return Continue(0, buffer, offset, count);
        }

        /// <summary>
        /// Extends a CRC returned by <see cref="Compute"/> with more bytes, as if they followed the first ones
        /// (0 starts a new one): a record can skip its own CRC field.
        /// </summary>
        public static uint Continue(uint crc, byte[] buffer, int offset, int count)
        {
            crc ^= 0xFFFFFFFF;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = Table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc ^ 0xFFFFFFFF;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
