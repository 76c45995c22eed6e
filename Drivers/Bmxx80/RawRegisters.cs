namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// The raw conversion results of the family's data registers and the patterns that are no measurement: the
    /// value a skipped (or not yet made) conversion leaves, and a register stuck at all zeros (SDA held low) or all
    /// ones (nobody driving the bus). Allocates only to describe what it found.
    /// </summary>
    public static class RawRegisters
    {
        /// <summary>What a skipped conversion leaves in a 20-bit temperature or pressure register (its reset value).</summary>
        public const int Skipped20 = 0x80000;

        /// <summary>What a skipped conversion leaves in a 16-bit humidity register (its reset value).</summary>
        public const int Skipped16 = 0x8000;

        /// <summary>A 20-bit result from msb, lsb and the top nibble of xlsb, at <paramref name="at"/>.</summary>
        public static int Raw20(byte[] b, int at)
        {
            return (b[at] << 12) | (b[at + 1] << 4) | (b[at + 2] >> 4);
        }

        /// <summary>A 16-bit result from msb and lsb, at <paramref name="at"/>.</summary>
        public static int Raw16(byte[] b, int at)
        {
            return (b[at] << 8) | b[at + 1];
        }

        /// <summary>Why a 20-bit result is no measurement (skipped, or stuck at zeros or ones), or null.</summary>
        public static string Stuck20(string channel, int raw)
        {
            if (raw == Skipped20)
            {
                return channel + " reads the skipped-conversion value 0x80000";
            }

            if (raw == 0 || raw == 0xFFFFF)
            {
                return channel + " reads the stuck value 0x" + (raw == 0 ? "00000" : "FFFFF");
            }

            return null;
        }

        /// <summary>Why a 16-bit humidity result is no measurement (skipped, or stuck: Bosch's formula clamps those to a plausible 0 or 100 %RH), or null.</summary>
        public static string Stuck16(string channel, int raw)
        {
            if (raw == Skipped16)
            {
                return channel + " reads the skipped-conversion value 0x8000";
            }

            if (raw == 0 || raw == 0xFFFF)
            {
                return channel + " reads the stuck value 0x" + (raw == 0 ? "0000" : "FFFF");
            }

            return null;
        }

        /// <summary>True when <paramref name="count"/> bytes from <paramref name="offset"/> all equal <paramref name="value"/>.</summary>
        public static bool Uniform(byte[] b, int offset, int count, byte value)
        {
            for (int i = 0; i < count; i++)
            {
                if (b[offset + i] != value)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
