using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>The twin's network: the host's own, always reachable (the broker may still be down).</summary>
    public sealed class HostNetwork : INetwork
    {
        public bool IsConnected { get; private set; }

        public int SignalStrength => IsConnected ? -55 : 0;

        public string LastError { get; private set; }

        /// <summary>How many times the firmware brought the network up (each is a radio session).</summary>
        public int ConnectCount { get; private set; }

        public bool Connect(int timeoutMilliseconds)
        {
            ConnectCount++;
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
