namespace Firmware.Ports
{
    /// <summary>
    /// The IP network (Wi-Fi on ESP32). Connecting is the expensive step of a wake, so the core asks for
    /// it only when it has a radio session to run, always with a hard timeout. Implementations reuse stored
    /// credentials and must not rewrite them on every connect (that wears flash).
    /// </summary>
    public interface INetwork
    {
        /// <summary>
        /// Brings the network up (associated, with an IP address) within <paramref name="timeoutMilliseconds"/>.
        /// Returns false on failure or timeout, with the reason in <see cref="LastError"/>. Never blocks longer.
        /// </summary>
        bool Connect(int timeoutMilliseconds);

        /// <summary>Releases the network. Safe to call when not connected.</summary>
        void Disconnect();

        /// <summary>True while the network is up.</summary>
        bool IsConnected { get; }

        /// <summary>Received signal strength in dBm, or 0 when the adapter does not know it.</summary>
        int SignalStrength { get; }

        /// <summary>Why the last <see cref="Connect"/> or <see cref="TryGetNetworkTime"/> failed, or null.</summary>
        string LastError { get; }

        /// <summary>
        /// Credentials for the next <see cref="Connect"/> instead of the ones stored on the device (null SSID: the
        /// stored ones again), for a configuration change on trial. Kept in RAM only: an implementation never
        /// writes them to its own credential store, so a failed trial leaves the stored network untouched.
        /// </summary>
        void UseCredentials(string ssid, string password);

        /// <summary>
        /// Network time (SNTP on a device), with the network up: waits up to <paramref name="timeoutMilliseconds"/>
        /// and returns true with the current Unix time in milliseconds, or false (see <see cref="LastError"/>). The
        /// caller sets <see cref="IClock"/> from it.
        /// </summary>
        bool TryGetNetworkTime(int timeoutMilliseconds, out long unixTimeMilliseconds);
    }
}
