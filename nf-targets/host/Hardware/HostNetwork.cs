using System;
using Firmware.Ports;
using Firmware.SetupPorts;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The twin's network: the host's own, unreachable while <see cref="Down"/> (or <see cref="DownAt"/> says so for
    /// the current virtual time). It can model how long Wi-Fi takes on a board: a successful connect passes
    /// <see cref="ConnectMilliseconds"/> of device time, a failed one the whole timeout (the radio scans until it
    /// gives up). Network time is the simulated world's time; the device's clock learns it only from here.
    /// Named networks come from <see cref="Wifi"/> (a wrong password, an unknown name, a network without DHCP fail as
    /// they would); no name is the board's stored network, which a board fresh for setup does not have.
    /// </summary>
    public sealed class HostNetwork : INetwork
    {
        private readonly IClock _clock;
        private readonly Func<long> _worldTime;
        private string _ssid;
        private string _password;

        /// <summary>A network without time modelling and without network time (the clock is set by other means).</summary>
        public HostNetwork()
        {
        }

        /// <param name="clock">The device's clock, which modelled connect times pass on.</param>
        /// <param name="worldTime">The world's Unix time in ms, for network time; null for none.</param>
        public HostNetwork(IClock clock, Func<long> worldTime)
        {
            _clock = clock;
            _worldTime = worldTime;
        }

        public bool IsConnected { get; private set; }

        public int SignalStrength => IsConnected ? Rssi : 0;

        /// <summary>The signal strength the radio reports while connected, dBm (-55: a good link).</summary>
        public int Rssi { get; set; } = -55;

        /// <summary>Optional: why a connect fails at this moment (a weak link's lost association, no credentials stored), or null when it can succeed.</summary>
        public Func<string> Refusal { get; set; }

        public string LastError { get; private set; }

        /// <summary>How many times the firmware brought the network up (each is a radio session).</summary>
        public int ConnectCount { get; private set; }

        /// <summary>Connects that failed.</summary>
        public int FailedCount { get; private set; }

        /// <summary>When true, every connect fails, as with no access point in range.</summary>
        public bool Down { get; set; }

        /// <summary>Optional: true when the network is down at this moment (outage windows of the simulation).</summary>
        public Func<bool> DownAt { get; set; }

        /// <summary>Device time a successful connect takes (association, DHCP); 0 for none.</summary>
        public int ConnectMilliseconds { get; set; }

        /// <summary>When true a failed connect passes its whole timeout of device time, as a scanning radio does.</summary>
        public bool FailureTakesTimeout { get; set; }

        /// <summary>A Wi-Fi network besides the stored one that can be joined; null for none.</summary>
        public string AcceptedSsid { get; set; }

        /// <summary>The SSID the last connect used (null: the stored credentials).</summary>
        public string LastSsid { get; private set; }

        /// <summary>The named networks in range; null for none.</summary>
        public SimulatedWifi Wifi { get; set; }

        /// <summary>True when the board keeps Wi-Fi credentials of its own (joined when no SSID is given).</summary>
        public bool HasStoredNetwork { get; set; } = true;

        /// <summary>The named network the device is on, or null (none, or the stored one).</summary>
        public SimulatedAccessPoint Current { get; private set; }

        /// <summary>
        /// What a trial join of the setup page to <paramref name="ssid"/> with <paramref name="password"/> would give if
        /// begun now, and the device time it takes to know (<paramref name="milliseconds"/>); nothing changes until
        /// <see cref="Attach"/>. An outage, or a board with no simulated networks, finds no network.
        /// </summary>
        public JoinResult EvaluateJoin(string ssid, string password, out int milliseconds)
        {
            milliseconds = Wifi?.NoSuchNetworkMilliseconds ?? 0;
            bool down = Down || (DownAt != null && DownAt());
            JoinResult result = down || Wifi == null ? JoinResult.NoSuchNetwork : Wifi.Evaluate(ssid, password, ConnectMilliseconds, out milliseconds);
            LastError = result == JoinResult.Joined ? null : Describe(result, ssid);
            return result;
        }

        /// <summary>A trial join succeeded: the device is on <paramref name="ssid"/> (<see cref="Current"/>) until <see cref="Disconnect"/>.</summary>
        public void Attach(string ssid)
        {
            IsConnected = true;
            Current = Wifi?.Find(ssid);
            LastError = null;
        }

        public bool Connect(int timeoutMilliseconds)
        {
            ConnectCount++;
            LastSsid = _ssid;
            Current = null;
            bool down = Down || (DownAt != null && DownAt());
            string failure = down ? "no network (simulated outage)" : null;
            SimulatedAccessPoint named = _ssid == null || _ssid == AcceptedSsid ? null : Wifi?.Find(_ssid);
            if (failure == null && _ssid == null && !HasStoredNetwork)
            {
                failure = "no stored Wi-Fi credentials";
            }
            else if (failure == null && _ssid != null && _ssid != AcceptedSsid)
            {
                JoinResult result = Wifi == null ? JoinResult.NoSuchNetwork : Wifi.Evaluate(_ssid, _password, ConnectMilliseconds, out _);
                failure = result == JoinResult.Joined ? null : Describe(result, _ssid);
            }

            failure ??= Refusal?.Invoke();
            if (failure != null)
            {
                IsConnected = false;
                FailedCount++;
                LastError = failure;
                if (FailureTakesTimeout && _clock != null && timeoutMilliseconds > 0)
                {
                    _clock.Sleep(timeoutMilliseconds);
                }

                return false;
            }

            if (ConnectMilliseconds > 0 && _clock != null)
            {
                _clock.Sleep(Math.Min(ConnectMilliseconds, Math.Max(0, timeoutMilliseconds)));
            }

            IsConnected = true;
            Current = named;
            LastError = null;
            return true;
        }

        public void Disconnect()
        {
            IsConnected = false;
            Current = null;
        }

        public void UseCredentials(string ssid, string password)
        {
            if (ssid != _ssid || password != _password)
            {
                IsConnected = false;
            }

            _ssid = ssid;
            _password = password;
        }

        private static string Describe(JoinResult result, string ssid) => result switch
        {
            JoinResult.WrongPassword => $"wrong password for '{ssid}'",
            JoinResult.NoAddress => $"no address from '{ssid}' (its DHCP server does not answer)",
            _ => "no access point named " + ssid,
        };

        public bool TryGetNetworkTime(int timeoutMilliseconds, out long unixTimeMilliseconds)
        {
            unixTimeMilliseconds = 0;
            if (!IsConnected || _worldTime == null)
            {
                LastError = IsConnected ? "no time server on this network" : "no network";
                return false;
            }

            unixTimeMilliseconds = _worldTime();
            return true;
        }
    }
}
