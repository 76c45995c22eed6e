namespace Firmware.Crypto
{
    /// <summary>
    /// Projective point (X : Y : Z) on the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2,
    /// with x = X/Z, y = Y/Z. The cheapest form to double, so the scalar-multiplication loop keeps
    /// its accumulator in it.
    /// </summary>
    public sealed class GeP2
    {
        /// <summary>Projective X.</summary>
        public readonly int[] X = FieldElement.Create();

        /// <summary>Projective Y.</summary>
        public readonly int[] Y = FieldElement.Create();

        /// <summary>Projective Z.</summary>
        public readonly int[] Z = FieldElement.Create();

        /// <summary>Sets this to the neutral element (0, 1).</summary>
        public void SetIdentity()
        {
            FieldElement.Zero(X);
            FieldElement.One(Y);
            FieldElement.One(Z);
        }

        /// <summary>this = p (dropping T): 3 multiplications.</summary>
        public void SetFromP1P1(GeP1P1 p)
        {
            FieldElement.Mul(X, p.X, p.T);
            FieldElement.Mul(Y, p.Y, p.Z);
            FieldElement.Mul(Z, p.Z, p.T);
        }

        /// <summary>this = p (copy of X, Y, Z).</summary>
        public void SetFromP3(GeP3 p)
        {
            FieldElement.Copy(X, p.X);
            FieldElement.Copy(Y, p.Y);
            FieldElement.Copy(Z, p.Z);
        }
    }
}
