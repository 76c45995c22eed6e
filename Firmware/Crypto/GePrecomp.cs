namespace Firmware.Crypto
{
    /// <summary>
    /// An affine point (Z = 1) prepared for mixed addition: (y+x, y-x, 2dxy). Used for the fixed
    /// base-point table, where it saves one multiplication per addition compared with GeCached.
    /// </summary>
    public sealed class GePrecomp
    {
        /// <summary>y + x.</summary>
        public readonly int[] YPlusX = FieldElement.Create();

        /// <summary>y - x.</summary>
        public readonly int[] YMinusX = FieldElement.Create();

        /// <summary>2 * d * x * y.</summary>
        public readonly int[] XY2d = FieldElement.Create();
    }
}
