namespace Firmware.SetupPorts
{
    /// <summary>
    /// A bound UDP socket that answers whoever asked: enough for a DNS responder. Every call returns within its
    /// timeout; failures are values.
    /// </summary>
    public interface IDatagramSocket
    {
        /// <summary>
        /// Waits up to <paramref name="timeoutMilliseconds"/> (0: only looks) for a datagram and copies it into the buffer;
        /// returns its length, 0 when none came, or -1 when one came that was longer than <paramref name="count"/> (it is
        /// dropped). The sender is remembered for <see cref="Reply"/>.
        /// </summary>
        int Receive(byte[] buffer, int offset, int count, int timeoutMilliseconds);

        /// <summary>Sends a datagram to the sender of the last one received; false when it could not be sent.</summary>
        bool Reply(byte[] buffer, int offset, int count);

        void Close();
    }
}
