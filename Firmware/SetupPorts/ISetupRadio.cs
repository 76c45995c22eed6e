namespace Firmware.SetupPorts
{
    /// <summary>
    /// The radio's setup side: the access point a phone joins to set the device up, the scan of the networks in range,
    /// a trial join with the reason it failed, and the sockets of the setup page (UDP for DNS, TCP for HTTP).
    ///
    /// A target offers it by making the object it hands over as <c>Platform.Network</c> implement this interface too;
    /// the application asks for it with <c>platform.Network as ISetupRadio</c>. <c>Platform</c> and <c>INetwork</c>
    /// live in the frozen loader and stay as they are, so an application that uses this port still runs on every loader
    /// in the field, and a target without an access point simply does not implement it.
    ///
    /// Contract:
    /// - Every call returns within the time it is given (or at once); none blocks indefinitely. Failures are values, with
    ///   the reason in <see cref="LastError"/>; only caller bugs throw.
    /// - The access point is open (no password): it carries nothing but the setup page, and closes after setup.
    /// - A trial join never stores the credentials it was given.
    /// </summary>
    public interface ISetupRadio
    {
        /// <summary>
        /// Starts an open access point named <paramref name="ssid"/> (1 to 32 characters). A target that can start it
        /// only at boot (ESP32: nanoFramework brings the access point up when the network starts, from its saved
        /// configuration) saves it and answers <see cref="AccessPointStart.RestartNeeded"/>: the caller restarts the
        /// device and asks again at the next boot.
        /// </summary>
        AccessPointStart StartAccessPoint(string ssid);

        /// <summary>Closes the access point (for good at the next restart on a target that starts it at boot).</summary>
        void StopAccessPoint();

        /// <summary>The device's IPv4 address on its access point, dotted ("192.168.4.1"), or null while it is down.</summary>
        string AccessPointAddress { get; }

        /// <summary>True when the target keeps Wi-Fi credentials of its own (ESP32: deployed with nanoff), which it joins with no SSID given.</summary>
        bool HasStoredNetwork { get; }

        /// <summary>Starts a scan of the networks in range; <see cref="ScanResults"/> answers once it is done.</summary>
        void BeginScan();

        /// <summary>
        /// Copies the networks the last scan found into <paramref name="into"/> (at most its length, each SSID once) and
        /// returns how many; -1 while the scan is still running, 0 when none was found or no scan was started.
        /// </summary>
        int ScanResults(WifiSighting[] into);

        /// <summary>
        /// Starts joining <paramref name="ssid"/> with <paramref name="password"/> (empty for an open network) beside the
        /// access point, without storing either; <see cref="JoinStatus"/> tells how it goes.
        /// </summary>
        void BeginJoin(string ssid, string password);

        /// <summary>How the join begun last goes: <see cref="JoinResult.Pending"/> until it has an IPv4 address or failed.</summary>
        JoinResult JoinStatus { get; }

        /// <summary>Leaves the network a trial joined (the access point stays up).</summary>
        void EndJoin();

        /// <summary>A UDP socket bound to <paramref name="port"/> on the access point's address, or null (see <see cref="LastError"/>).</summary>
        IDatagramSocket OpenDatagram(int port);

        /// <summary>A TCP listener on <paramref name="port"/> of the access point's address, or null (see <see cref="LastError"/>).</summary>
        IStreamListener OpenListener(int port);

        /// <summary>Why the last call failed, or null.</summary>
        string LastError { get; }
    }
}
