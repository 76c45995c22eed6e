using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using Firmware.Ports;
using Firmware.SetupPorts;
using nanoFramework.Networking;

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
    /// Credentials given by <see cref="UseCredentials"/> (a configuration on trial) are used the same way, with
    /// the "Automatic" kind, so they are never written to the stored configuration either.
    /// Network time: the ESP32 firmware starts SNTP by itself whenever the station gets an address and sets the
    /// RTC; <see cref="TryGetNetworkTime"/> waits for that (nanoFramework's "valid time" is a year from 2021).
    /// It is also the radio's setup side (<see cref="ISetupRadio"/>, through <see cref="Esp32SetupRadio"/>), so the
    /// application finds the setup access point on the same port object.
    /// </summary>
    public sealed class WifiNetwork : INetwork, ISetupRadio
    {
        private const int PollMilliseconds = 100;
        private const int FirstValidYear = 2021;
        private const long UnixEpochTicks = 621355968000000000L;
        private readonly ILog _log;
        private WifiAdapter _adapter;
        private bool _disconnected;
        private Thread _reconnect;
        private string _reconnectError;
        private bool _reconnectAgain;
        private string _ssid;
        private string _password;
        private string _connectedSsid;
        private readonly Esp32SetupRadio _setup;

        public WifiNetwork(ILog log, IClock clock)
        {
            _log = log;
            _setup = new Esp32SetupRadio(this, clock, log);
        }

        public bool HasStoredNetwork
        {
            get
            {
                Wireless80211Configuration stored = StoredConfiguration();
                return stored != null && stored.Ssid != null && stored.Ssid.Length > 0;
            }
        }

        public string AccessPointAddress
        {
            get { return _setup.AccessPointAddress; }
        }

        public JoinResult JoinStatus
        {
            get { return _setup.JoinStatus; }
        }

        string ISetupRadio.LastError
        {
            get { return _setup.LastError; }
        }

        public AccessPointStart StartAccessPoint(string ssid)
        {
            return _setup.StartAccessPoint(ssid);
        }

        public void StopAccessPoint()
        {
            _setup.StopAccessPoint();
        }

        public void BeginScan()
        {
            _setup.BeginScan();
        }

        public int ScanResults(WifiSighting[] into)
        {
            return _setup.ScanResults(into);
        }

        public void BeginJoin(string ssid, string password)
        {
            _setup.BeginJoin(ssid, password);
        }

        public void EndJoin()
        {
            _setup.EndJoin();
        }

        public IDatagramSocket OpenDatagram(int port)
        {
            return _setup.OpenDatagram(port);
        }

        public IStreamListener OpenListener(int port)
        {
            return _setup.OpenListener(port);
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

        public void UseCredentials(string ssid, string password)
        {
            if (ssid == _ssid && password == _password)
            {
                return;
            }

            _ssid = ssid;
            _password = password;
            if (HasAddress() && _connectedSsid != ssid)
            {
                // Connected with other credentials: the next Connect joins the network asked for.
                Disconnect();
            }
        }

        public bool TryGetNetworkTime(int timeoutMilliseconds, out long unixTimeMilliseconds)
        {
            unixTimeMilliseconds = 0;
            if (!HasAddress())
            {
                LastError = "no network for network time";
                return false;
            }

            if (DateTime.UtcNow.Year >= FirstValidYear)
            {
                // The RTC is set (SNTP ran at this connect or the RTC kept the time through deep sleep): ask SNTP to
                // correct its drift in the background and give the time as it is now.
                Sntp.UpdateNow();
                unixTimeMilliseconds = UnixNow();
                return true;
            }

            if (!Sntp.IsStarted)
            {
                Sntp.Start();
            }

            int waited = 0;
            while (DateTime.UtcNow.Year < FirstValidYear)
            {
                if (waited >= timeoutMilliseconds)
                {
                    LastError = "no SNTP answer within " + timeoutMilliseconds.ToString() + " ms (from " + Sntp.Server1 + ")";
                    return false;
                }

                Thread.Sleep(PollMilliseconds);
                waited += PollMilliseconds;
            }

            unixTimeMilliseconds = UnixNow();
            return true;
        }

        public bool Connect(int timeoutMilliseconds)
        {
            if (HasAddress() && _connectedSsid != _ssid)
            {
                Disconnect();
            }

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

            _connectedSsid = _ssid;
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

            string ssid = _ssid;
            string password = _password == null ? string.Empty : _password;
            if (ssid == null)
            {
                Wireless80211Configuration stored = StoredConfiguration();
                if (stored == null || stored.Ssid == null || stored.Ssid.Length == 0)
                {
                    return "no stored Wi-Fi credentials (deploy them with nanoff --networkdeployment)";
                }

                ssid = stored.Ssid;
                password = stored.Password == null ? string.Empty : stored.Password;
            }

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
                        _reconnectError = "Wi-Fi connect to " + (_ssid == null ? "the stored network" : "'" + ssid + "'") + " failed: " + Describe(status);
                    }
                }
                catch (Exception e)
                {
                    _reconnectAgain = true;
                    _reconnectError = "Wi-Fi connect failed: " + e.Message;
                }
            });
            _reconnect.Start();
            _log.Write(LogLevel.Debug, "wifi", "reconnecting with the stored credentials");
            return null;
        }

        /// <summary>The first adapter, found once (each lookup makes new adapter objects that stay registered).</summary>
        internal WifiAdapter Adapter()
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

        private static long UnixNow()
        {
            return (DateTime.UtcNow.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond;
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

        internal static bool HasAddress()
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
            return Interface(NetworkInterfaceType.Wireless80211);
        }

        /// <summary>The first network interface of a type (the station, or the access point), or null.</summary>
        internal static NetworkInterface Interface(NetworkInterfaceType type)
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == type)
                {
                    return interfaces[i];
                }
            }

            return null;
        }

        internal static string Describe(WifiConnectionStatus status)
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
