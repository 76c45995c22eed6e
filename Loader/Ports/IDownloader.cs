namespace Firmware.Ports
{
    /// <summary>
    /// Reads byte ranges of a resource from a static server (HTTP(S) Range requests on a device), so an
    /// OTA image can be fetched in chunks and a cut download resumed where it stopped.
    /// </summary>
    public interface IDownloader
    {
        /// <summary>
        /// Reads up to <paramref name="count"/> bytes of <paramref name="url"/> from byte
        /// <paramref name="position"/> into the buffer, within the timeout. Returns the bytes read
        /// (0 at the end of the resource), or -1 on failure with the reason in <see cref="LastError"/>.
        /// </summary>
        int ReadRange(string url, int position, byte[] buffer, int offset, int count, int timeoutMilliseconds);

        /// <summary>Why the last read failed, or null.</summary>
        string LastError { get; }
    }
}
