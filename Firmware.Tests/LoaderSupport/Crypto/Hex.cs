using System;

namespace Firmware.Tests.Crypto
{
    /// <summary>Portable hex decoding for test vectors (no Convert.FromHexString on the device).</summary>
    public static class Hex
    {
        /// <summary>Decodes an even-length string of hex digits (either case) into bytes.</summary>
        public static byte[] Decode(string hex)
        {
            if (hex == null || (hex.Length & 1) != 0)
            {
                throw new ArgumentException("hex");
            }

            byte[] result = new byte[hex.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[(2 * i) + 1]));
            }

            return result;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            throw new ArgumentException("hex digit");
        }
    }
}
