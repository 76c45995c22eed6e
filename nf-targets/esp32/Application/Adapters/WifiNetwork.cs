using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using Firmware.Ports;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// Wi-Fi with the credentials nanoFramework already stores (deployed once with
    /// <c>nanoff --networkdeployment</c> or Visual Studio's Device Explorer). The firmware auto-connects at
    /// CLR start; this adapter only waits for an IPv4 address, with a hard timeout. It never calls
    /// WifiNetworkHelper or EnableDhcp: on ESP32 those rewrite the stored configuration on every call,
    /// which would wear flash on every wake.
    /// After <see cref="Disconnect"/> the station stops reconnecting by itself (the ESP32 clears its
    /// reconnect flag), so the next <see cref="Connect"/> starts a connect with the stored credentials,
    /// the same native connect the firmware runs at CLR start (the "Automatic" kind, which saves nothing).
    /// </summary>
    public sealed class WifiNetwork : INetwork
    {
        private const int PollMilliseconds = 100;
        private readonly ILog _log;
        private WifiAdapter _adapter;
        private bool _disconnected;
        private Thread _reconnect;
        private string _reconnectError;
        private bool _reconnectAgain;

        public WifiNetwork(ILog log)
        {
            _log = log;
        }

        public bool IsConnected
        {
            get { return HasAddress(); }
        }

        // The Wi-Fi API reports signal strength only in scan results, not for the current connection.
        public int SignalStrength
        {
            get { return 0; }
        }

        public string LastError { get; private set; }

        public bool Connect(int timeoutMilliseconds)
        {
            if (!HasAddress() && _disconnected && (_reconnect == null || !_reconnect.IsAlive))
            {
                string error = StartReconnect();
                if (error != null)
                {
                    LastError = error;
                    return false;
                }
            }

            int waited = 0;
            while (!HasAddress())
            {
                string failed = _reconnectError;
                if (failed != null)
                {
                    // The native connect ended without an address. After a connect that reached the radio the
                    // station keeps retrying by itself; one that could not start is started again next time.
                    _reconnectError = null;
                    _disconnected = _reconnectAgain;
                    LastError = failed;
                    return false;
                }

                if (waited >= timeoutMilliseconds)
                {
                    LastError = "no IPv4 address within " + timeoutMilliseconds.ToString()
                        + " ms (are Wi-Fi credentials stored? deploy them with nanoff --networkdeployment)";
                    return false;
                }

                Thread.Sleep(PollMilliseconds);
                waited += PollMilliseconds;
            }

            LastError = null;
            return true;
        }

        public void Disconnect()
        {
            WifiAdapter adapter = Adapter();
            if (adapter != null)
            {
                adapter.Disconnect();
                _disconnected = true;
            }

            _log.Write(LogLevel.Debug, "wifi", "disconnected");
        }

        /// <summary>Starts the stored-credentials connect on a worker (the native call blocks up to 20 s); null, or why it cannot start.</summary>
        private string StartReconnect()
        {
            WifiAdapter adapter = Adapter();
            if (adapter == null)
            {
                return "no Wi-Fi adapter";
            }

            Wireless80211Configuration stored = StoredConfiguration();
            if (stored == null || stored.Ssid == null || stored.Ssid.Length == 0)
            {
                return "no stored Wi-Fi credentials (deploy them with nanoff --networkdeployment)";
            }

            string ssid = stored.Ssid;
            string password = stored.Password == null ? string.Empty : stored.Password;
            _reconnectError = null;
            _reconnectAgain = false;
            _disconnected = false;
            _reconnect = new Thread(() =>
            {
                try
                {
                    WifiConnectionStatus status = adapter.Connect(ssid, WifiReconnectionKind.Automatic, password).ConnectionStatus;
                    if (status != WifiConnectionStatus.Success)
                    {
                        // An unspecified failure is also what a connect that never started reports.
                        _reconnectAgain = status == WifiConnectionStatus.UnspecifiedFailure;
                        _reconnectError = "Wi-Fi connect to the stored network failed: " + Describe(status);
                    }
                }
                catch (Exception e)
                {
                    _reconnectAgain = true;
                    _reconnectError = "Wi-Fi connect to the stored network failed: " + e.Message;
                }
            });
            _reconnect.Start();
            _log.Write(LogLevel.Debug, "wifi", "reconnecting with the stored credentials");
            return null;
        }

        /// <summary>The first adapter, found once (each lookup makes new adapter objects that stay registered).</summary>
        private WifiAdapter Adapter()
        {
            if (_adapter == null)
            {
                WifiAdapter[] adapters = WifiAdapter.FindAllAdapters();
                for (int i = 1; i < adapters.Length; i++)
                {
                    adapters[i].Dispose();
                }

                _adapter = adapters.Length > 0 ? adapters[0] : null;
            }

            return _adapter;
        }

        private static Wireless80211Configuration StoredConfiguration()
        {
            NetworkInterface wireless = WirelessInterface();
            if (wireless == null)
            {
                return null;
            }

            Wireless80211Configuration[] stored = Wireless80211Configuration.GetAllWireless80211Configurations();
            for (int i = 0; i < stored.Length; i++)
            {
                if (stored[i].Id == wireless.SpecificConfigId)
                {
                    return stored[i];
                }
            }

            return null;
        }

        private static bool HasAddress()
        {
            NetworkInterface wireless = WirelessInterface();
            if (wireless == null)
            {
                return false;
            }

            string address = wireless.IPv4Address;
            return address != null && address.Length > 0 && address != "0.0.0.0";
        }

        private static NetworkInterface WirelessInterface()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    return interfaces[i];
                }
            }

            return null;
        }

        private static string Describe(WifiConnectionStatus status)
        {
            switch (status)
            {
                case WifiConnectionStatus.AccessRevoked:
                    return "access revoked";
                case WifiConnectionStatus.InvalidCredential:
                    return "invalid credentials";
                case WifiConnectionStatus.NetworkNotAvailable:
                    return "network not available";
                case WifiConnectionStatus.Timeout:
                    return "timeout";
                case WifiConnectionStatus.UnsupportedAuthenticationProtocol:
                    return "unsupported authentication";
                default:
                    return "unspecified failure";
            }
        }
    }
}
