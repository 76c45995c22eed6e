using System.Diagnostics;

namespace Firmware.Crypto
{
    /// <summary>
    /// Operation counters for estimating cost on an interpreted device, where every 32x32->64-bit
    /// product is a separately dispatched IL multiply. The increments are [Conditional] calls, so they
    /// are compiled away entirely unless the crypto sources are built with CRYPTO_COUNTERS defined;
    /// <see cref="Enabled"/> tells which build you have.
    /// <para>
    /// How to read "32-bit multiply operations per verification": build with CRYPTO_COUNTERS, create the
    /// verifier (table set-up is counted too, so construct first), call <see cref="Reset"/>, run one
    /// Verify, then read <see cref="WideMultiplies"/>. Counters are plain static fields: not
    /// thread-safe, meant for single-threaded measurement only.
    /// </para>
    /// </summary>
    public static class CryptoCounters
    {
        /// <summary>32x32->64 products in one FieldElement.Mul.</summary>
        public const int ProductsPerFieldMul = 100;

        /// <summary>32x32->64 products in one FieldElement.Sq or Sq2.</summary>
        public const int ProductsPerFieldSquare = 55;

        /// <summary>64-bit x 21-bit products in one Scalar25519.Reduce (ref10 sc_reduce folding).</summary>
        public const int ProductsPerScalarReduce = 84;

        /// <summary>True when this assembly was compiled with CRYPTO_COUNTERS (otherwise all counters stay 0).</summary>
        public static bool Enabled
        {
            get
            {
#if CRYPTO_COUNTERS
                return true;
#else
                return false;
#endif
            }
        }

        /// <summary>Number of FieldElement.Mul calls since Reset.</summary>
        public static long FieldMultiplications;

        /// <summary>Number of FieldElement.Sq/Sq2 calls since Reset.</summary>
        public static long FieldSquarings;

        /// <summary>Number of 512-bit scalar reductions mod L since Reset.</summary>
        public static long ScalarReductions;

        /// <summary>
        /// Total wide (32x32->64, or 64x21 in the scalar reduction) multiplies since Reset. Small
        /// multiplies by 2, 19 and 38 on limbs are not included (about 15 per Mul, 13 per Sq).
        /// </summary>
        public static long WideMultiplies
        {
            get
            {
                return (FieldMultiplications * ProductsPerFieldMul)
                    + (FieldSquarings * ProductsPerFieldSquare)
                    + (ScalarReductions * ProductsPerScalarReduce);
            }
        }

        /// <summary>Sets all counters to zero.</summary>
        public static void Reset()
        {
            FieldMultiplications = 0;
            FieldSquarings = 0;
            ScalarReductions = 0;
        }

        [Conditional("CRYPTO_COUNTERS")]
        internal static void CountMul()
        {
            FieldMultiplications++;
        }

        [Conditional("CRYPTO_COUNTERS")]
        internal static void CountSquare()
        {
            FieldSquarings++;
        }

        [Conditional("CRYPTO_COUNTERS")]
        internal static void CountScalarReduce()
        {
            ScalarReductions++;
        }
    }
}
