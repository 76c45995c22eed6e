namespace Firmware.Crypto
{
    /// <summary>
    /// A point prepared as the right operand of an addition: (Y+X, Y-X, Z, 2dT). Precomputing these
    /// once per table entry saves work in every addition that uses the entry.
    /// </summary>
    public sealed class GeCached
    {
        /// <summary>Y + X.</summary>
        public readonly int[] YPlusX = FieldElement.Create();

        /// <summary>Y - X.</summary>
        public readonly int[] YMinusX = FieldElement.Create();

        /// <summary>Z.</summary>
        public readonly int[] Z = FieldElement.Create();

        /// <summary>2 * d * T.</summary>
        public readonly int[] T2d = FieldElement.Create();

        /// <summary>this = p in cached form: 1 multiplication. d2 is the curve constant 2d.</summary>
        public void SetFromP3(GeP3 p, int[] d2)
        {
            FieldElement.Add(YPlusX, p.Y, p.X);
            FieldElement.Sub(YMinusX, p.Y, p.X);
            FieldElement.Copy(Z, p.Z);
            FieldElement.Mul(T2d, p.T, d2);
        }
    }
}
