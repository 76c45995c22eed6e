namespace Firmware.Crypto
{
    /// <summary>
    /// Compares runs of bytes: digests, key ids. Plain early-exit comparison: everything compared here is public
    /// (hashes of images and manifests, key ids), so there is no secret whose timing matters.
    /// </summary>
    public static class ByteRuns
    {
        /// <summary>True when <paramref name="count"/> bytes of <paramref name="a"/> from <paramref name="aOffset"/> equal those of <paramref name="b"/> from <paramref name="bOffset"/>.</summary>
        public static bool Equal(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (a[aOffset + i] != b[bOffset + i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
