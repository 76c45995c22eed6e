using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using Firmware.Ports;
using Firmware.SetupPorts;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// The setup side of the ESP32's radio, through nanoFramework's own APIs:
    /// <list type="bullet">
    /// <item>the access point is nanoFramework's WirelessAP interface. The firmware starts it when the network starts,
    /// from its saved configuration (nf-interpreter: the Wi-Fi mode is chosen from the saved configurations at start), so
    /// <see cref="StartAccessPoint"/> saves it (open, the SSID asked for, 192.168.4.1/24, the station kept enabled so the
    /// mode is AP+STA and scans and trial joins work) and answers "restart needed"; at the next boot it is up. Its DHCP
    /// server is ESP-IDF's, which offers the access point's own address as the DNS server, so the captive DNS on port 53
    /// answers every phone. <see cref="StopAccessPoint"/> saves it disabled: it closes at the next restart.</item>
    /// <item>the scan is <c>WifiAdapter.ScanAsync</c> and its <c>AvailableNetworksChanged</c> event (a passive scan, about
    /// 6.5 s); the trial join is <c>WifiAdapter.Connect</c> with <c>WifiReconnectionKind.Manual</c>, which saves nothing, on
    /// a worker thread (the native call blocks), then a wait for an IPv4 address.</item>
    /// <item>the sockets are System.Net's (<see cref="Esp32StreamListener"/>, <see cref="Esp32DatagramSocket"/>).</item>
    /// </list>
    /// Configuration is written only when setup starts or ends, never at a wake.
    /// </summary>
    public sealed class Esp32SetupRadio
    {
        /// <summary>The access point's address: ESP-IDF's default for its access point interface.</summary>
        public const string Address = "192.168.4.1";

        /// <summary>A scan that has not reported within this time has failed.</summary>
        public const int ScanTimeoutMilliseconds = 15000;

        /// <summary>How long an associated station waits for an address before the join counts as "no address".</summary>
        public const int AddressTimeoutMilliseconds = 15000;

        private const int PollMilliseconds = 100;

        private readonly WifiNetwork _network;
        private readonly IClock _clock;
        private readonly ILog _log;
        private bool _scanHooked;
        private bool _scanning;
        private long _scanStarted;
        private WifiAvailableNetwork[] _found;
        private JoinResult _join = JoinResult.Pending;
        private Thread _joining;

        public Esp32SetupRadio(WifiNetwork network, IClock clock, ILog log)
        {
            _network = network;
            _clock = clock;
            _log = log;
        }

        public string LastError { get; private set; }

        public AccessPointStart StartAccessPoint(string ssid)
        {
            NetworkInterface ap = WifiNetwork.Interface(NetworkInterfaceType.WirelessAP);
            if (ap == null)
            {
                LastError = "this firmware image has no Wi-Fi access point interface";
                return AccessPointStart.Failed;
            }

            WirelessAPConfiguration config = WirelessAPConfiguration.GetAllWirelessAPConfigurations()[ap.SpecificConfigId];
            bool saved = (config.Options & WirelessAPConfiguration.ConfigurationOptions.Enable) != 0 && config.Ssid == ssid;
            if (saved && ap.IPv4Address == Address)
            {
                return AccessPointStart.Started;
            }

            if (saved)
            {
                LastError = "the access point was saved but did not come up (address " + ap.IPv4Address + ")";
                return AccessPointStart.Failed;
            }

            EnableStation();
            ap.EnableStaticIPv4(Address, "255.255.255.0", Address);
            config.Options = WirelessAPConfiguration.ConfigurationOptions.AutoStart | WirelessAPConfiguration.ConfigurationOptions.Enable;
            config.Ssid = ssid;
            config.Authentication = AuthenticationType.Open;
            config.Password = string.Empty;
            config.MaxConnections = 2;
            config.SaveConfiguration();
            return AccessPointStart.RestartNeeded;
        }

        public void StopAccessPoint()
        {
            NetworkInterface ap = WifiNetwork.Interface(NetworkInterfaceType.WirelessAP);
            if (ap != null)
            {
                WirelessAPConfiguration config = WirelessAPConfiguration.GetAllWirelessAPConfigurations()[ap.SpecificConfigId];
                config.Options = WirelessAPConfiguration.ConfigurationOptions.None;
                config.SaveConfiguration();
            }
        }

        public string AccessPointAddress
        {
            get
            {
                NetworkInterface ap = WifiNetwork.Interface(NetworkInterfaceType.WirelessAP);
                string address = ap == null ? null : ap.IPv4Address;
                return address != null && address.Length > 0 && address != "0.0.0.0" ? address : null;
            }
        }

        public void BeginScan()
        {
            WifiAdapter adapter = _network.Adapter();
            _found = null;
            _scanStarted = _clock.UptimeMilliseconds;
            if (adapter == null)
            {
                LastError = "no Wi-Fi adapter";
                _scanning = false;
                return;
            }

            if (!_scanHooked)
            {
                adapter.AvailableNetworksChanged += ScanDone;
                _scanHooked = true;
            }

            _scanning = true;
            try
            {
                adapter.ScanAsync();
            }
            catch (Exception e)
            {
                LastError = "the scan failed: " + e.Message;
                _scanning = false;
            }
        }

        public int ScanResults(WifiSighting[] into)
        {
            if (_scanning && _clock.UptimeMilliseconds - _scanStarted < ScanTimeoutMilliseconds)
            {
                return -1;
            }

            _scanning = false;
            WifiAvailableNetwork[] found = _found;
            int count = 0;
            for (int i = 0; found != null && i < found.Length; i++)
            {
                string ssid = found[i].Ssid;
                int rssi = (int)found[i].NetworkRssiInDecibelMilliwatts;
                if (ssid == null || ssid.Length == 0)
                {
                    continue;
                }

                int at = 0;
                while (at < count && into[at].Ssid != ssid)
                {
                    at++;
                }

                if (at < count)
                {
                    if (rssi > into[at].SignalStrength)
                    {
                        into[at].SignalStrength = rssi;
                    }

                    continue;
                }

                if (count < into.Length)
                {
                    into[count].Ssid = ssid;
                    into[count].SignalStrength = rssi;
                    count++;
                }
            }

            // Strongest first (insertion sort: a few networks).
            for (int i = 1; i < count; i++)
            {
                for (int j = i; j > 0 && into[j].SignalStrength > into[j - 1].SignalStrength; j--)
                {
                    string s = into[j].Ssid;
                    int r = into[j].SignalStrength;
                    into[j].Ssid = into[j - 1].Ssid;
                    into[j].SignalStrength = into[j - 1].SignalStrength;
                    into[j - 1].Ssid = s;
                    into[j - 1].SignalStrength = r;
                }
            }

            return count;
        }

        public void BeginJoin(string ssid, string password)
        {
            WifiAdapter adapter = _network.Adapter();
            _join = JoinResult.Pending;
            if (adapter == null)
            {
                LastError = "no Wi-Fi adapter";
                _join = JoinResult.Failed;
                return;
            }

            string key = password == null ? string.Empty : password;
            _joining = new Thread(() =>
            {
                try
                {
                    WifiConnectionStatus status = adapter.Connect(ssid, WifiReconnectionKind.Manual, key).ConnectionStatus;
                    _join = status == WifiConnectionStatus.Success ? WaitForAddress() : Map(status);
                }
                catch (Exception e)
                {
                    LastError = "the join failed: " + e.Message;
                    _join = JoinResult.Failed;
                }
            });
            _joining.Start();
        }

        public JoinResult JoinStatus
        {
            get { return _join; }
        }

        public void EndJoin()
        {
            WifiAdapter adapter = _network.Adapter();
            if (adapter != null)
            {
                adapter.Disconnect();
            }

            _join = JoinResult.Pending;
        }

        public IDatagramSocket OpenDatagram(int port)
        {
            string error;
            Esp32DatagramSocket socket = Esp32DatagramSocket.Open(port, out error);
            LastError = error;
            return socket;
        }

        public IStreamListener OpenListener(int port)
        {
            string error;
            Esp32StreamListener listener = Esp32StreamListener.Open(port, AccessPointAddress, out error);
            LastError = error;
            return listener;
        }

        private void ScanDone(WifiAdapter sender, object e)
        {
            _found = sender.NetworkReport.AvailableNetworks;
            _scanning = false;
        }

        /// <summary>Associated: an address within <see cref="AddressTimeoutMilliseconds"/> is a join, none is "no address".</summary>
        private JoinResult WaitForAddress()
        {
            for (int waited = 0; waited < AddressTimeoutMilliseconds; waited += PollMilliseconds)
            {
                if (WifiNetwork.HasAddress())
                {
                    return JoinResult.Joined;
                }

                Thread.Sleep(PollMilliseconds);
            }

            return JoinResult.NoAddress;
        }

        private JoinResult Map(WifiConnectionStatus status)
        {
            switch (status)
            {
                case WifiConnectionStatus.InvalidCredential:
                    return JoinResult.WrongPassword;
                case WifiConnectionStatus.NetworkNotAvailable:
                    return JoinResult.NoSuchNetwork;
                default:
                    LastError = "the join failed: " + WifiNetwork.Describe(status);
                    return JoinResult.Failed;
            }
        }

        /// <summary>The station must be enabled for the access point to run beside it (AP+STA): scans and trial joins need it.</summary>
        private void EnableStation()
        {
            NetworkInterface station = WifiNetwork.Interface(NetworkInterfaceType.Wireless80211);
            if (station == null)
            {
                return;
            }

            Wireless80211Configuration config = Wireless80211Configuration.GetAllWireless80211Configurations()[station.SpecificConfigId];
            if ((config.Options & Wireless80211Configuration.ConfigurationOptions.Enable) == 0)
            {
                config.Options = config.Options | Wireless80211Configuration.ConfigurationOptions.Enable;
                config.SaveConfiguration();
                _log.Write(LogLevel.Info, "setup", "the Wi-Fi station is enabled beside the access point");
            }
        }
    }
}
