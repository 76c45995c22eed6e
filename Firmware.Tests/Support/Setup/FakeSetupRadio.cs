using Firmware.Ports;
using Firmware.SetupPorts;
using Firmware.Tests.Fakes;

namespace Firmware.Tests.Setup
{
    /// <summary>
    /// A radio with a setup side, over a <see cref="FakeNetwork"/>: the access point starts at once (or asks for a restart
    /// first, with <see cref="NeedsRestart"/>), the scan finds <see cref="Networks"/>, and a trial join ends as
    /// <see cref="JoinAnswer"/> says (a join of <see cref="JoinPassword"/> to <see cref="JoinSsid"/>, when given, succeeds).
    /// Like a board, it cannot connect without credentials: none given and none stored (<see cref="Stored"/>) fails.
    /// </summary>
    public sealed class FakeSetupRadio : INetwork, ISetupRadio
    {
        private readonly FakeNetwork _network;
        private string _ssid;
        private string _connectError;

        public FakeSetupRadio(FakeNetwork network, FakeClock clock)
        {
            _network = network;
            Datagram = new FakeDatagramSocket();
            Listener = new FakeStreamListener(clock, "http://192.168.4.1");
            Networks = new string[] { "home", "office" };
            JoinAnswer = JoinResult.Joined;
        }

        public FakeDatagramSocket Datagram { get; private set; }

        public FakeStreamListener Listener { get; private set; }

        public string[] Networks { get; set; }

        public bool NeedsRestart { get; set; }

        public bool Stored { get; set; }

        public JoinResult JoinAnswer { get; set; }

        /// <summary>When set, a join succeeds only with this SSID and <see cref="JoinPassword"/>; else it is a wrong password.</summary>
        public string JoinSsid { get; set; }

        public string JoinPassword { get; set; }

        public string StartedSsid { get; private set; }

        public bool Stopped { get; private set; }

        public int Joins { get; private set; }

        public bool IsConnected
        {
            get { return _network.IsConnected; }
        }

        public int SignalStrength
        {
            get { return _network.SignalStrength; }
        }

        string INetwork.LastError
        {
            get { return _connectError != null ? _connectError : _network.LastError; }
        }

        public string LastError { get; private set; }

        public string AccessPointAddress
        {
            get { return StartedSsid != null ? "192.168.4.1" : null; }
        }

        public bool HasStoredNetwork
        {
            get { return Stored; }
        }

        public JoinResult JoinStatus { get; private set; }

        public bool Connect(int timeoutMilliseconds)
        {
            _connectError = _ssid == null && !Stored ? "no stored Wi-Fi credentials" : null;
            return _connectError == null && _network.Connect(timeoutMilliseconds);
        }

        void INetwork.Disconnect()
        {
            _network.Disconnect();
        }

        public void UseCredentials(string ssid, string password)
        {
            _ssid = ssid;
            _network.UseCredentials(ssid, password);
        }

        public bool TryGetNetworkTime(int timeoutMilliseconds, out long unixTimeMilliseconds)
        {
            return _network.TryGetNetworkTime(timeoutMilliseconds, out unixTimeMilliseconds);
        }

        public AccessPointStart StartAccessPoint(string ssid)
        {
            if (NeedsRestart)
            {
                NeedsRestart = false;
                return AccessPointStart.RestartNeeded;
            }

            StartedSsid = ssid;
            return AccessPointStart.Started;
        }

        public void StopAccessPoint()
        {
            Stopped = true;
        }

        public void BeginScan()
        {
        }

        public int ScanResults(WifiSighting[] into)
        {
            int n = 0;
            for (int i = 0; i < Networks.Length && n < into.Length; i++)
            {
                into[n].Ssid = Networks[i];
                into[n].SignalStrength = -40 - (10 * i);
                n++;
            }

            return n;
        }

        public void BeginJoin(string ssid, string password)
        {
            Joins++;
            JoinStatus = JoinSsid == null ? JoinAnswer : ssid != JoinSsid ? JoinResult.NoSuchNetwork : password == JoinPassword ? JoinResult.Joined : JoinResult.WrongPassword;
        }

        /// <summary>Ends a join still pending with <paramref name="result"/>, as the radio does once it knows.</summary>
        public void Finish(JoinResult result)
        {
            JoinStatus = result;
        }

        public void EndJoin()
        {
            JoinStatus = JoinResult.Pending;
        }

        public IDatagramSocket OpenDatagram(int port)
        {
            return port == 53 ? Datagram : null;
        }

        public IStreamListener OpenListener(int port)
        {
            return port == 80 ? Listener : null;
        }
    }
}
