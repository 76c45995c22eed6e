using System;
using System.Collections.Generic;
using System.Linq;
using Firmware.SetupPorts;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// The Wi-Fi networks in the twin's simulated range, and what joining one costs in device time. The standard set
    /// (<see cref="Standard"/>) has one network of each kind the setup page must explain:
    /// <list type="bullet">
    /// <item>"home" (WPA2, password <see cref="HomePassword"/>): works;</item>
    /// <item>"office" (WPA2, password <see cref="OfficePassword"/>): down: it associates but its DHCP server never answers;</item>
    /// <item>"guest" (open): its broker refuses: it gives an address, but every connection to the broker is refused.</item>
    /// </list>
    /// A wrong password is refused, and a name that is not here is not found. The times are a board's figures:
    /// the scan is nanoFramework's passive scan of 13 channels at 500 ms each (nf-interpreter, NF_ESP32_Wireless_Scan);
    /// the failed joins are estimates (a 4-way handshake that times out, a full-channel search, DHCP given up on).
    /// </summary>
    public sealed class SimulatedWifi
    {
        public const string HomePassword = "home-network-1";
        public const string OfficePassword = "office-network-2";

        public List<SimulatedAccessPoint> Networks { get; } = new List<SimulatedAccessPoint>();

        /// <summary>Device time a scan of every channel takes.</summary>
        public int ScanMilliseconds { get; set; } = 13 * 500;

        /// <summary>Device time until a wrong password is reported (the 4-way handshake times out).</summary>
        public int WrongPasswordMilliseconds { get; set; } = 4000;

        /// <summary>Device time until an unknown name is reported (every channel searched).</summary>
        public int NoSuchNetworkMilliseconds { get; set; } = 3000;

        /// <summary>Device time until a network that gives no address is given up on.</summary>
        public int NoAddressMilliseconds { get; set; } = 15000;

        /// <summary>The standard set: home, office (down) and guest (its broker refuses).</summary>
        public static SimulatedWifi Standard()
        {
            SimulatedWifi wifi = new SimulatedWifi();
            wifi.Networks.Add(new SimulatedAccessPoint { Ssid = "home", Password = HomePassword, SignalStrength = -48 });
            wifi.Networks.Add(new SimulatedAccessPoint { Ssid = "office", Password = OfficePassword, SignalStrength = -67, GivesAddress = false });
            wifi.Networks.Add(new SimulatedAccessPoint { Ssid = "guest", Password = null, SignalStrength = -74, ReachesBroker = false });
            return wifi;
        }

        public SimulatedAccessPoint Find(string ssid) => Networks.FirstOrDefault(n => n.Ssid == ssid);

        /// <summary>What joining <paramref name="ssid"/> with <paramref name="password"/> gives, and the device time it takes to know.</summary>
        public JoinResult Evaluate(string ssid, string password, int successMilliseconds, out int milliseconds)
        {
            SimulatedAccessPoint network = Find(ssid);
            if (network == null)
            {
                milliseconds = NoSuchNetworkMilliseconds;
                return JoinResult.NoSuchNetwork;
            }

            if (network.Password != null && !string.Equals(network.Password, password, StringComparison.Ordinal))
            {
                milliseconds = WrongPasswordMilliseconds;
                return JoinResult.WrongPassword;
            }

            if (!network.GivesAddress)
            {
                milliseconds = NoAddressMilliseconds;
                return JoinResult.NoAddress;
            }

            milliseconds = successMilliseconds;
            return JoinResult.Joined;
        }
    }
}
