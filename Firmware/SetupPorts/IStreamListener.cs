namespace Firmware.SetupPorts
{
    /// <summary>A listening TCP socket.</summary>
    public interface IStreamListener
    {
        /// <summary>
        /// Where a browser reaches this listener, without a trailing slash: "http://192.168.4.1" on the access point,
        /// "http://127.0.0.1:41234" on the host twin. Redirects point here.
        /// </summary>
        string Origin { get; }

        /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> (0: only looks) for a connection; null when none came.</summary>
        IStreamConnection Accept(int timeoutMilliseconds);

        void Close();
    }
}
