namespace Firmware.Boot
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, the one zlib and ESP-IDF's otadata use). Computed bitwise: it guards small
    /// records only, so the frozen loader keeps no 1 KB table in RAM.
    /// </summary>
    public static class Crc32
    {
        /// <summary>The CRC of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Continue(0, data, offset, count);
        }

        /// <summary>Extends a CRC returned by <see cref="Compute"/> with more bytes (0 starts a new one).</summary>
        public static uint Continue(uint crc, byte[] data, int offset, int count)
        {
            uint c = ~crc;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                c ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
                }
            }

            return ~c;
        }
    }
}
