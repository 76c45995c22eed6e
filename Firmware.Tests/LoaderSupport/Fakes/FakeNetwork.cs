using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A network that is up when <see cref="Available"/>; gives network time from <see cref="WorldClock"/> (the
    /// time the world knows, whatever the device's clock says); accepts other Wi-Fi credentials only when they are
    /// the <see cref="AcceptedSsid"/>.
    /// </summary>
    public sealed class FakeNetwork : INetwork
    {
        private string _ssid;

        public bool Available { get; set; }

        /// <summary>Connects that fail (an outage) before <see cref="Available"/> counts again.</summary>
        public int DownForConnects { get; set; }

        public int Connects { get; private set; }

        /// <summary>Network time is this clock's wall time; null for no network time.</summary>
        public FakeClock WorldClock { get; set; }

        /// <summary>An SSID besides the stored one that connects; null for none.</summary>
        public string AcceptedSsid { get; set; }

        /// <summary>The credentials the last connect used (null: the stored ones).</summary>
        public string LastSsid { get; private set; }

        public bool IsConnected { get; private set; }

        public int SignalStrength
        {
            get { return IsConnected ? -60 : 0; }
        }

        public string LastError { get; private set; }

        public bool Connect(int timeoutMilliseconds)
        {
            Connects++;
            LastSsid = _ssid;
            bool outage = DownForConnects > 0;
            if (outage)
            {
                DownForConnects--;
            }

            bool ok = Available && !outage && (_ssid == null || _ssid == AcceptedSsid);
            IsConnected = ok;
            LastError = ok ? null : (Available && !outage ? "no network named " + _ssid : "no access point");
            return ok;
        }

        public void Disconnect()
        {
            IsConnected = false;
        }

        public void UseCredentials(string ssid, string password)
        {
            if (ssid != _ssid)
            {
                IsConnected = false;
            }

            _ssid = ssid;
        }

        public bool TryGetNetworkTime(int timeoutMilliseconds, out long unixTimeMilliseconds)
        {
            unixTimeMilliseconds = 0;
            if (!IsConnected || WorldClock == null || !WorldClock.IsWallTimeKnown)
            {
                LastError = "no network time";
                return false;
            }

            unixTimeMilliseconds = WorldClock.UnixTimeMilliseconds;
            return true;
        }
    }
}
