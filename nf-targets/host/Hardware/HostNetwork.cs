using System;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The twin's network: the host's own, reachable unless <see cref="Down"/> or <see cref="Outage"/> simulates
    /// an outage (the broker may still be down).
    /// </summary>
    public sealed class HostNetwork : INetwork
    {
        public bool IsConnected { get; private set; }

        public int SignalStrength => IsConnected ? -55 : 0;

        public string LastError { get; private set; }

        /// <summary>How many times the firmware brought the network up (each is a radio session).</summary>
        public int ConnectCount { get; private set; }

        /// <summary>Connects refused by a simulated outage.</summary>
        public int FailedConnects { get; private set; }

        /// <summary>When true, every connect fails at once, as with no access point in range.</summary>
        public bool Down { get; set; }

        /// <summary>Asked at every connect: true simulates an outage for that connect. Null: never.</summary>
        public Func<bool> Outage { get; set; }

        public bool Connect(int timeoutMilliseconds)
        {
            ConnectCount++;
            if (Down || (Outage != null && Outage()))
            {
                FailedConnects++;
                IsConnected = false;
                LastError = "no network (simulated outage)";
                return false;
            }

            IsConnected = true;
            LastError = null;
            return true;
        }

        public void Disconnect()
        {
            IsConnected = false;
        }
    }
}
