using System;

namespace Firmware.Tests.Bench
{
    /// <summary>
    /// The largest managed block the runtime can allocate now, found by trying byte arrays (1 KiB resolution). nanoFramework
    /// 1.x's mscorlib has no memory API, and filling the heap with many small blocks crashes the interpreter, but one
    /// failed large allocation throws OutOfMemoryException cleanly (after a garbage collection). The heap compacts, so
    /// the largest block is close to the free heap; the difference of two probes is what was kept in between.
    /// </summary>
    public static class HeapProbe
    {
        private const int Resolution = 1024;
        private const int Limit = 64 * 1024 * 1024;

        public static int LargestBlock()
        {
            int fits = 0;
            int fails = Limit;
            while (fails - fits > Resolution)
            {
                int size = fits + ((fails - fits) / 2);
                if (Fits(size))
                {
                    fits = size;
                }
                else
                {
                    fails = size;
                }
            }

            return fits;
        }

        private static bool Fits(int size)
        {
            try
            {
                byte[] block = new byte[size];
                return block.Length == size;
            }
            catch (OutOfMemoryException)
            {
                return false;
            }
        }
    }
}
