namespace Firmware.SetupPorts
{
    /// <summary>One accepted TCP connection. Every call returns within its timeout; failures are values.</summary>
    public interface IStreamConnection
    {
        /// <summary>
        /// Waits up to <paramref name="timeoutMilliseconds"/> (0: only looks) for bytes and copies what came (at most
        /// <paramref name="count"/>); returns how many, 0 when none came yet, or -1 when the peer closed or the connection failed.
        /// </summary>
        int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds);

        /// <summary>Sends the bytes, waiting at most a few seconds for a slow peer; false when they could not all be sent.</summary>
        bool Write(byte[] buffer, int offset, int count);

        void Close();
    }
}
