namespace Firmware.Drivers.Bmxx80
{
    /// <summary>Two hex digits of a byte, for fault messages (allocates; only on faults).</summary>
    public static class Hex
    {
        public static string Byte(int value)
        {
            const string Digits = "0123456789ABCDEF";
            return new string(new char[] { Digits[(value >> 4) & 0xF], Digits[value & 0xF] });
        }
    }
}
