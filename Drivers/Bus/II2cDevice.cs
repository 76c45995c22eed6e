namespace Firmware.Drivers.Bus
{
    /// <summary>
    /// One device on an I²C bus, as the drivers need it. Unlike the binding libraries, every transfer
    /// returns its outcome, so a driver can tell a reading from a NACK, a short transfer or a stuck bus.
    /// Implementations never throw for bus errors (they return a status); buffers follow the
    /// <c>byte[] buffer, int offset, int count</c> convention and are never kept.
    /// </summary>
    public interface II2cDevice
    {
        /// <summary>The 7-bit device address, for messages.</summary>
        int Address { get; }

        /// <summary>Writes <paramref name="count"/> bytes in one transaction.</summary>
        I2cResult Write(byte[] buffer, int offset, int count);

        /// <summary>
        /// Writes, then reads with a repeated start, in one transaction (a register address, then its
        /// contents). <see cref="I2cResult.BytesTransferred"/> counts the bytes written plus read.
        /// </summary>
        I2cResult WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount);
    }
}
