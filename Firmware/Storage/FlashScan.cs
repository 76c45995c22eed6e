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

        /// <summary>
        /// The offset from <paramref name="address"/> of the last byte of the range that does not read 0xFF, or -1 when
        /// the whole range is erased. Reads backwards, a scratch buffer at a time, and stops at the first such byte.
        /// </summary>
        public static int LastWrittenByte(IFlash flash, int address, int count, byte[] scratch)
        {
            int end = count;
            while (end > 0)
            {
                int n = end < scratch.Length ? end : scratch.Length;
                int start = end - n;
                flash.Read(address + start, scratch, 0, n);
                for (int i = n - 1; i >= 0; i--)
                {
                    if (scratch[i] != 0xFF)
                    {
                        return start + i;
                    }
                }

                end = start;
            }

            return -1;
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
