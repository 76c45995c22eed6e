using System.Linq;
using Firmware.Ports;
using Firmware.SetupPorts;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The radio of a twin board with a setup access point (--setup): the network as the firmware sees it (every call
    /// passed to <paramref name="network"/>, the session log), and its setup side. Like an ESP32 under nanoFramework, the
    /// access point comes up only at a boot after it was saved (the first start answers "restart needed"); its page is
    /// served on the host's loopback, DNS on a loopback UDP port, and the scan and trial joins are the simulated
    /// networks' (<see cref="SimulatedWifi"/>). As on a board they run beside the page: a scan answers once its device
    /// time has passed, a join is pending until the time its outcome takes (awake device time passes at real speed, so
    /// a person at the page waits as long as at a board). It notes when the page came up, when the networks were listed
    /// and when each form was submitted, for the twin's timings.
    /// </summary>
    public sealed class TwinSetupRadio : INetwork, ISetupRadio
    {
        /// <summary>Device time the access point takes to come up at boot (an estimate for an ESP32).</summary>
        public const int StartMilliseconds = 1000;

        private readonly INetwork _network;
        private readonly HostNetwork _host;
        private readonly ITwinClock _clock;
        private readonly int _httpPort;
        private string _saved;
        private bool _up;
        private long _scanDoneAt = -1;
        private JoinResult _join;
        private JoinResult _joinOutcome;
        private string _joinSsid;
        private long _joinKnownAt = -1;

        /// <param name="network">The firmware's network (the radio session log over <paramref name="host"/>).</param>
        /// <param name="host">The simulated network, whose <see cref="HostNetwork.Wifi"/> the scan and joins use.</param>
        /// <param name="clock">The device's clock.</param>
        /// <param name="httpPort">The loopback port of the setup page; 0 picks a free one, kept for the whole run.</param>
        public TwinSetupRadio(INetwork network, HostNetwork host, ITwinClock clock, int httpPort)
        {
            _network = network;
            _host = host;
            _clock = clock;
            _httpPort = httpPort;
        }

        /// <summary>The setup page's port once it was opened.</summary>
        public int HttpPort { get; private set; }

        /// <summary>The DNS's loopback UDP port once it was opened.</summary>
        public int DnsPort { get; private set; }

        /// <summary>Device time (since the twin started) when the page was first served, or -1.</summary>
        public long PageUpAt { get; private set; } = -1;

        /// <summary>Device time when the networks were first listed, or -1.</summary>
        public long NetworksListedAt { get; private set; } = -1;

        /// <summary>Device time when the last form was submitted (its trial join began), or -1.</summary>
        public long SubmittedAt { get; private set; } = -1;

        /// <summary>The access point's SSID while it is up, else null.</summary>
        public string AccessPointSsid => _up ? _saved : null;

        /// <summary>Called when the page is up, with its URL (the twin prints it).</summary>
        public System.Action<string> PageUp { get; set; }

        public bool IsConnected => _network.IsConnected;

        public int SignalStrength => _network.SignalStrength;

        string INetwork.LastError => _network.LastError;

        public string LastError { get; private set; }

        public bool Connect(int timeoutMilliseconds) => _network.Connect(timeoutMilliseconds);

        void INetwork.Disconnect() => _network.Disconnect();

        public void UseCredentials(string ssid, string password) => _network.UseCredentials(ssid, password);

        public bool TryGetNetworkTime(int timeoutMilliseconds, out long unixTimeMilliseconds) => _network.TryGetNetworkTime(timeoutMilliseconds, out unixTimeMilliseconds);

        public AccessPointStart StartAccessPoint(string ssid)
        {
            if (_saved != ssid)
            {
                _saved = ssid;
                return AccessPointStart.RestartNeeded;
            }

            _clock.Sleep(StartMilliseconds);
            _up = true;
            return AccessPointStart.Started;
        }

        public void StopAccessPoint()
        {
            _saved = null;
            _up = false;
        }

        public string AccessPointAddress => _up ? "127.0.0.1" : null;

        public bool HasStoredNetwork => _host.HasStoredNetwork;

        public void BeginScan()
        {
            _scanDoneAt = _clock.TotalMilliseconds + (_host.Wifi?.ScanMilliseconds ?? 0);
        }

        public int ScanResults(WifiSighting[] into)
        {
            if (_scanDoneAt < 0)
            {
                return 0;
            }

            if (_clock.TotalMilliseconds < _scanDoneAt)
            {
                return -1;
            }

            SimulatedAccessPoint[] seen = (_host.Wifi?.Networks ?? new System.Collections.Generic.List<SimulatedAccessPoint>())
                .OrderByDescending(n => n.SignalStrength).Take(into.Length).ToArray();
            for (int i = 0; i < seen.Length; i++)
            {
                into[i].Ssid = seen[i].Ssid;
                into[i].SignalStrength = seen[i].SignalStrength;
            }

            if (NetworksListedAt < 0)
            {
                NetworksListedAt = _clock.TotalMilliseconds;
            }

            return seen.Length;
        }

        public void BeginJoin(string ssid, string password)
        {
            SubmittedAt = _clock.TotalMilliseconds;
            _network.Disconnect();
            _join = JoinResult.Pending;
            _joinSsid = ssid;
            _joinOutcome = _host.EvaluateJoin(ssid, password, out int milliseconds);
            _joinKnownAt = SubmittedAt + milliseconds;
        }

        public JoinResult JoinStatus
        {
            get
            {
                if (_joinKnownAt >= 0 && _clock.TotalMilliseconds >= _joinKnownAt)
                {
                    _joinKnownAt = -1;
                    _join = _joinOutcome;
                    if (_join == JoinResult.Joined)
                    {
                        _host.Attach(_joinSsid);
                    }

                    LastError = _join == JoinResult.Joined ? null : _host.LastError;
                }

                return _join;
            }
        }

        public void EndJoin()
        {
            // Through the session log: the broker trial's session ends here, and is printed as a radio session.
            _network.Disconnect();
            _join = JoinResult.Pending;
            _joinKnownAt = -1;
        }

        public IDatagramSocket OpenDatagram(int port)
        {
            LoopbackDatagram socket = LoopbackDatagram.Open(DnsPort, out string error);
            LastError = error;
            if (socket != null)
            {
                DnsPort = socket.Port;
            }

            return socket;
        }

        public IStreamListener OpenListener(int port)
        {
            LoopbackListener listener = LoopbackListener.Open(HttpPort != 0 ? HttpPort : _httpPort, out string error);
            LastError = error;
            if (listener == null)
            {
                return null;
            }

            HttpPort = listener.Port;
            if (PageUpAt < 0)
            {
                PageUpAt = _clock.TotalMilliseconds;
            }

            PageUp?.Invoke(listener.Origin + "/");
            return listener;
        }
    }
}
