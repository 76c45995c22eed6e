namespace Firmware.Crypto
{
    /// <summary>
    /// Extended point (X : Y : Z : T) with x = X/Z, y = Y/Z and T = XY/Z; the form needed as the
    /// left operand of an addition.
    /// </summary>
    public sealed class GeP3
    {
        /// <summary>Extended X.</summary>
        public readonly int[] X = FieldElement.Create();

        /// <summary>Extended Y.</summary>
        public readonly int[] Y = FieldElement.Create();

        /// <summary>Extended Z.</summary>
        public readonly int[] Z = FieldElement.Create();

        /// <summary>Extended T = XY/Z.</summary>
        public readonly int[] T = FieldElement.Create();

        /// <summary>Sets this to the neutral element (0, 1).</summary>
        public void SetIdentity()
        {
            FieldElement.Zero(X);
            FieldElement.One(Y);
            FieldElement.One(Z);
            FieldElement.Zero(T);
        }

        /// <summary>this = p: 4 multiplications.</summary>
        public void SetFromP1P1(GeP1P1 p)
        {
            FieldElement.Mul(X, p.X, p.T);
            FieldElement.Mul(Y, p.Y, p.Z);
            FieldElement.Mul(Z, p.Z, p.T);
            FieldElement.Mul(T, p.X, p.Y);
        }

        /// <summary>this = p.</summary>
        public void CopyFrom(GeP3 p)
        {
            FieldElement.Copy(X, p.X);
            FieldElement.Copy(Y, p.Y);
            FieldElement.Copy(Z, p.Z);
            FieldElement.Copy(T, p.T);
        }

        /// <summary>this = -this, i.e. (x, y) -> (-x, y).</summary>
        public void Negate()
        {
            FieldElement.Neg(X, X);
            FieldElement.Neg(T, T);
        }
    }
}
