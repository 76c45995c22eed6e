using System;

namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>Inverts a chip's compensation: the raw value whose compensated result is nearest to a chosen one.</summary>
    public static class MonotonicInverse
    {
        /// <summary>
        /// The <paramref name="width"/>-bit raw value, a multiple of the step <paramref name="resolutionBits"/> gives, whose
        /// image under the monotonic <paramref name="f"/> is nearest to <paramref name="target"/>: a binary search over the
        /// representable values, then the nearer of the two neighbours.
        /// </summary>
        public static int Nearest(int width, int resolutionBits, Func<int, double> f, double target, bool increasing)
        {
            int shift = width - resolutionBits;
            int lo = 0;
            int hi = (1 << resolutionBits) - 1;
            while (lo < hi)
            {
                int mid = lo + ((hi - lo + 1) / 2);
                double v = f(mid << shift);
                bool below = increasing ? v <= target : v >= target;
                if (below)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            int best = lo;
            if (lo + 1 < (1 << resolutionBits) && Math.Abs(f((lo + 1) << shift) - target) < Math.Abs(f(lo << shift) - target))
            {
                best = lo + 1;
            }

            return best << shift;
        }
    }
}
