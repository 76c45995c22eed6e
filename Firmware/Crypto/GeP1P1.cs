namespace Firmware.Crypto
{
    /// <summary>
    /// "Completed" point ((X : Z), (Y : T)) with x = X/Z, y = Y/T: the direct result of the addition
    /// and doubling formulas (Hisil-Wong-Carter-Dawson 2008 for a = -1, as in ref10). Converting it to
    /// GeP2 costs 3 multiplications and to GeP3 costs 4, so the caller picks the form the next
    /// operation needs. The formulas are complete, so identity and equal operands need no special case.
    /// </summary>
    public sealed class GeP1P1
    {
        /// <summary>Completed X.</summary>
        public readonly int[] X = FieldElement.Create();

        /// <summary>Completed Y.</summary>
        public readonly int[] Y = FieldElement.Create();

        /// <summary>Completed Z.</summary>
        public readonly int[] Z = FieldElement.Create();

        /// <summary>Completed T.</summary>
        public readonly int[] T = FieldElement.Create();

        // Scratch so the operations below allocate nothing.
        private readonly int[] t0 = FieldElement.Create();

        /// <summary>this = 2p: 4 squarings (dbl-2008-hwcd).</summary>
        public void SetDouble(GeP2 p)
        {
            FieldElement.Sq(X, p.X);        // XX
            FieldElement.Sq(Z, p.Y);        // YY
            FieldElement.Sq2(T, p.Z);       // 2ZZ
            FieldElement.Add(Y, p.X, p.Y);
            FieldElement.Sq(t0, Y);         // (X+Y)^2
            FieldElement.Add(Y, Z, X);      // YY + XX
            FieldElement.Sub(Z, Z, X);      // YY - XX
            FieldElement.Sub(X, t0, Y);     // 2XY
            FieldElement.Sub(T, T, Z);      // 2ZZ - (YY - XX)
        }

        /// <summary>this = p + q: 4 multiplications.</summary>
        public void SetAdd(GeP3 p, GeCached q)
        {
            FieldElement.Add(X, p.Y, p.X);
            FieldElement.Sub(Y, p.Y, p.X);
            FieldElement.Mul(Z, X, q.YPlusX);
            FieldElement.Mul(Y, Y, q.YMinusX);
            FieldElement.Mul(T, q.T2d, p.T);
            FieldElement.Mul(X, p.Z, q.Z);
            FieldElement.Add(t0, X, X);
            FieldElement.Sub(X, Z, Y);
            FieldElement.Add(Y, Z, Y);
            FieldElement.Add(Z, t0, T);
            FieldElement.Sub(T, t0, T);
        }

        /// <summary>this = p - q: 4 multiplications (q negated by swapping Y+X/Y-X and the sign of 2dT).</summary>
        public void SetSub(GeP3 p, GeCached q)
        {
            FieldElement.Add(X, p.Y, p.X);
            FieldElement.Sub(Y, p.Y, p.X);
            FieldElement.Mul(Z, X, q.YMinusX);
            FieldElement.Mul(Y, Y, q.YPlusX);
            FieldElement.Mul(T, q.T2d, p.T);
            FieldElement.Mul(X, p.Z, q.Z);
            FieldElement.Add(t0, X, X);
            FieldElement.Sub(X, Z, Y);
            FieldElement.Add(Y, Z, Y);
            FieldElement.Sub(Z, t0, T);
            FieldElement.Add(T, t0, T);
        }

        /// <summary>this = p + q for affine q: 3 multiplications.</summary>
        public void SetMixedAdd(GeP3 p, GePrecomp q)
        {
            FieldElement.Add(X, p.Y, p.X);
            FieldElement.Sub(Y, p.Y, p.X);
            FieldElement.Mul(Z, X, q.YPlusX);
            FieldElement.Mul(Y, Y, q.YMinusX);
            FieldElement.Mul(T, q.XY2d, p.T);
            FieldElement.Add(t0, p.Z, p.Z);
            FieldElement.Sub(X, Z, Y);
            FieldElement.Add(Y, Z, Y);
            FieldElement.Add(Z, t0, T);
            FieldElement.Sub(T, t0, T);
        }

        /// <summary>this = p - q for affine q: 3 multiplications.</summary>
        public void SetMixedSub(GeP3 p, GePrecomp q)
        {
            FieldElement.Add(X, p.Y, p.X);
            FieldElement.Sub(Y, p.Y, p.X);
            FieldElement.Mul(Z, X, q.YMinusX);
            FieldElement.Mul(Y, Y, q.YPlusX);
            FieldElement.Mul(T, q.XY2d, p.T);
            FieldElement.Add(t0, p.Z, p.Z);
            FieldElement.Sub(X, Z, Y);
            FieldElement.Add(Y, Z, Y);
            FieldElement.Sub(Z, t0, T);
            FieldElement.Add(T, t0, T);
        }
    }
}
