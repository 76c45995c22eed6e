using System.Threading;

namespace Firmware.Crypto
{
    /// <summary>
    /// Convenience entry point for Ed25519 verification (RFC 8032, pure Ed25519).
    /// <see cref="Verify"/> uses one shared <see cref="Ed25519Verifier"/> guarded by a Monitor, so it
    /// allocates only on its first call (the verifier and, if not yet built, the base-point tables);
    /// concurrent callers are serialised. Use your own Ed25519Verifier per thread to avoid the lock.
    /// </summary>
    public static class Ed25519
    {
        /// <summary>Public key length in bytes.</summary>
        public const int PublicKeySize = Ed25519Verifier.PublicKeySize;

        /// <summary>Signature length in bytes.</summary>
        public const int SignatureSize = Ed25519Verifier.SignatureSize;

        private static readonly object SharedLock = new object();
        private static Ed25519Verifier shared;

        /// <summary>
        /// True if signature (64 bytes) is a valid Ed25519 signature of message under publicKey
        /// (32 bytes). Returns false, never throws, for null or wrongly sized arguments and for any
        /// non-canonical or invalid encoding (see Ed25519Verifier).
        /// </summary>
        public static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
        {
            if (publicKey == null || message == null || signature == null)
            {
                return false;
            }

            if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
            {
                return false;
            }

            Monitor.Enter(SharedLock);
            try
            {
                if (shared == null)
                {
                    shared = new Ed25519Verifier();
                }

                return shared.Verify(publicKey, 0, message, 0, message.Length, signature, 0);
            }
            finally
            {
                Monitor.Exit(SharedLock);
            }
        }
    }
}
