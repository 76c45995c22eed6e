namespace Firmware.Storage
{
    /// <summary>The argument checks every <see cref="Firmware.Ports.IFlash"/> makes before touching anything.</summary>
    public static class FlashBounds
    {
        /// <summary>
        /// Throws <see cref="System.ArgumentNullException"/> or <see cref="System.ArgumentOutOfRangeException"/>
        /// unless <paramref name="count"/> bytes at <paramref name="address"/> lie inside a region of
        /// <paramref name="size"/> bytes and inside the buffer from <paramref name="offset"/>.
        /// </summary>
        public static void Check(int size, int address, byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException("buffer");
            }

            if (address < 0 || count < 0 || address > size - count || offset < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("address", "bytes " + address.ToString() + " +" + count.ToString()
                    + " are outside a region of " + size.ToString() + " bytes or the buffer");
            }
        }
    }
}
