using System.Net.NetworkInformation;

namespace Firmware.Esp32.Adapters
{
    /// <summary>A stable identifier from the Wi-Fi MAC address: "esp32-" and its last three bytes in hex.</summary>
    public static class Esp32Identity
    {
        private const string Hex = "0123456789abcdef";

        public static string HardwareId()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                byte[] mac = interfaces[i].PhysicalAddress;
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211 && mac != null && mac.Length >= 3)
                {
                    char[] id = new char[6];
                    for (int b = 0; b < 3; b++)
                    {
                        int value = mac[mac.Length - 3 + b];
                        id[2 * b] = Hex[value >> 4];
                        id[(2 * b) + 1] = Hex[value & 0xF];
                    }

                    return "esp32-" + new string(id);
                }
            }

            return "esp32";
        }
    }
}
