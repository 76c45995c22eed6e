using System;
using System.Threading;

namespace Firmware.Crypto
{
    /// <summary>
    /// Curve constants and the fixed base-point table, computed once on first use (not in a static
    /// constructor, so that firmware boot does not pay for it unless Ed25519 is used). Everything is
    /// derived from first principles instead of pasted limb literals: d = -121665/121666,
    /// sqrt(-1) = 2^((p-1)/4), B decoded from its RFC 8032 encoding. The host tests check the results
    /// against big-integer arithmetic. Immutable after construction, so it is shared by all verifiers.
    /// </summary>
    public sealed class Ed25519Tables
    {
        /// <summary>
        /// NAF width for the base-point scalar. Width 7 means 32 odd multiples (3.75 KB of limbs plus 96
        /// array headers): width 8 would save only ~4 additions per verification for twice the RAM.
        /// </summary>
        public const int BaseNafWidth = 7;

        /// <summary>Number of entries in <see cref="BaseOddMultiples"/>.</summary>
        public const int BaseTableSize = 1 << (BaseNafWidth - 2);

        private static readonly object InitLock = new object();
        private static Ed25519Tables instance;

        /// <summary>Edwards curve constant d = -121665/121666 mod p.</summary>
        public readonly int[] D;

        /// <summary>2d.</summary>
        public readonly int[] D2;

        /// <summary>A square root of -1 mod p.</summary>
        public readonly int[] SqrtM1;

        /// <summary>The base point B (y = 4/5, x even).</summary>
        public readonly GeP3 BasePoint;

        /// <summary>BaseOddMultiples[i] = (2i + 1) B in affine precomputed form.</summary>
        public readonly GePrecomp[] BaseOddMultiples;

        private Ed25519Tables()
        {
            int[] a = FieldElement.Create();
            int[] b = FieldElement.Create();
            int[] c = FieldElement.Create();
            int[] e = FieldElement.Create();
            int[] f = FieldElement.Create();

            D = FieldElement.Create();
            FieldElement.FromInt(a, 121666);
            FieldElement.Invert(D, a, b, c, e, f);
            FieldElement.FromInt(a, -121665);
            FieldElement.Mul(D, D, a);

            D2 = FieldElement.Create();
            FieldElement.Add(D2, D, D);

            // 2 is a non-square mod p (p = 5 mod 8), so 2^((p-1)/4) squares to -1.
            // (p-1)/4 = 2^253 - 5 = 2 * (2^252 - 3) + 1.
            SqrtM1 = FieldElement.Create();
            FieldElement.FromInt(a, 2);
            FieldElement.Pow22523(SqrtM1, a, b, c, e);
            FieldElement.Sq(SqrtM1, SqrtM1);
            FieldElement.Mul(SqrtM1, SqrtM1, a);

            PointCodec codec = new PointCodec(D, SqrtM1);
            byte[] encodedB = new byte[32];
            encodedB[0] = 0x58;
            for (int i = 1; i < 32; i++)
            {
                encodedB[i] = 0x66;
            }

            BasePoint = new GeP3();
            if (!codec.TryDecode(BasePoint, encodedB, 0))
            {
                throw new InvalidOperationException("base point");
            }

            BaseOddMultiples = BuildOddMultiples(BasePoint, D2, BaseTableSize);
        }

        /// <summary>The shared tables, built on the first call (thread-safe).</summary>
        public static Ed25519Tables Get()
        {
            Monitor.Enter(InitLock);
            try
            {
                if (instance == null)
                {
                    instance = new Ed25519Tables();
                }

                return instance;
            }
            finally
            {
                Monitor.Exit(InitLock);
            }
        }

        // P, 3P, 5P, ... as affine points. One shared inversion (Montgomery's trick) instead of one
        // per point keeps start-up cheap on the device.
        private static GePrecomp[] BuildOddMultiples(GeP3 p, int[] d2, int count)
        {
            GeP3[] points = new GeP3[count];
            points[0] = new GeP3();
            points[0].CopyFrom(p);

            GeP2 p2 = new GeP2();
            GeP1P1 sum = new GeP1P1();
            GeP3 twice = new GeP3();
            GeCached twiceCached = new GeCached();
            p2.SetFromP3(p);
            sum.SetDouble(p2);
            twice.SetFromP1P1(sum);
            twiceCached.SetFromP3(twice, d2);
            for (int i = 1; i < count; i++)
            {
                sum.SetAdd(points[i - 1], twiceCached);
                points[i] = new GeP3();
                points[i].SetFromP1P1(sum);
            }

            // prefix[i] = Z_0 * ... * Z_i
            int[][] prefix = new int[count][];
            prefix[0] = FieldElement.Create();
            FieldElement.Copy(prefix[0], points[0].Z);
            for (int i = 1; i < count; i++)
            {
                prefix[i] = FieldElement.Create();
                FieldElement.Mul(prefix[i], prefix[i - 1], points[i].Z);
            }

            int[] inv = FieldElement.Create();
            int[] zInv = FieldElement.Create();
            int[] x = FieldElement.Create();
            int[] y = FieldElement.Create();
            int[] s0 = FieldElement.Create();
            int[] s1 = FieldElement.Create();
            int[] s2 = FieldElement.Create();
            int[] s3 = FieldElement.Create();
            FieldElement.Invert(inv, prefix[count - 1], s0, s1, s2, s3);

            GePrecomp[] table = new GePrecomp[count];
            for (int i = count - 1; i >= 0; i--)
            {
                if (i > 0)
                {
                    FieldElement.Mul(zInv, inv, prefix[i - 1]);      // 1 / Z_i
                    FieldElement.Mul(inv, inv, points[i].Z);         // 1 / (Z_0 ... Z_{i-1})
                }
                else
                {
                    FieldElement.Copy(zInv, inv);
                }

                FieldElement.Mul(x, points[i].X, zInv);
                FieldElement.Mul(y, points[i].Y, zInv);
                GePrecomp entry = new GePrecomp();
                FieldElement.Add(entry.YPlusX, y, x);
                FieldElement.Sub(entry.YMinusX, y, x);
                FieldElement.Mul(entry.XY2d, x, y);
                FieldElement.Mul(entry.XY2d, entry.XY2d, d2);
                table[i] = entry;
            }

            return table;
        }
    }
}
