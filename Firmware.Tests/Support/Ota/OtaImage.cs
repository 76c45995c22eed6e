namespace Firmware.Tests.Ota
{
    /// <summary>Deterministic test images, the same on the device runner and on the host (which signs manifests for them).</summary>
    public static class OtaImage
    {
        /// <summary><paramref name="size"/> bytes that differ with <paramref name="tag"/> (xorshift32).</summary>
        public static byte[] Create(int tag, int size)
        {
            byte[] image = new byte[size];
            uint x = (uint)(tag * 2654435761u) | 1;
            for (int i = 0; i < size; i++)
            {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                image[i] = (byte)x;
            }

            return image;
        }
    }
}
