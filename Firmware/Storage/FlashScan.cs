using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>Reads flash to tell erased bytes from written ones, through a caller's scratch buffer.</summary>
    public static class FlashScan
    {
        /// <summary>True when every byte of the range reads 0xFF.</summary>
        public static bool IsErased(IFlash flash, int address, int count, byte[] scratch)
        {
            while (count > 0)
            {
                int n = count < scratch.Length ? count : scratch.Length;
                flash.Read(address, scratch, 0, n);
                if (!IsErased(scratch, 0, n))
                {
                    return false;
                }

                address += n;
                count -= n;
            }

            return true;
        }

        /// <summary>True when every byte of the buffer range is 0xFF.</summary>
        public static bool IsErased(byte[] buffer, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                if (buffer[i] != 0xFF)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
