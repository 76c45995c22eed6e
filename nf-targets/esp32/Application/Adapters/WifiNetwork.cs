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
    /// </summary>
    public sealed class WifiNetwork : INetwork
    {
        private const int PollMilliseconds = 100;
        private readonly ILog _log;

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
            int waited = 0;
            while (!HasAddress())
            {
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
            WifiAdapter[] adapters = WifiAdapter.FindAllAdapters();
            if (adapters.Length > 0)
            {
                adapters[0].Disconnect();
            }

            _log.Write(LogLevel.Debug, "wifi", "disconnected");
        }

        private static bool HasAddress()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    string address = interfaces[i].IPv4Address;
                    return address != null && address.Length > 0 && address != "0.0.0.0";
                }
            }

            return false;
        }
    }
}
