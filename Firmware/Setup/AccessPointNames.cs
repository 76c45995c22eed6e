namespace Firmware.Setup
{
    /// <summary>
    /// The setup access point's SSID: what the device is and the last four letters or digits of its hardware id, so two
    /// devices side by side can be told apart ("sensor-3fa2" for a sensor whose id ends in 3fa2).
    /// </summary>
    public static class AccessPointNames
    {
        /// <summary>The SSID for a device of kind <paramref name="kind"/> ("sensor", "thermostat") with this hardware id.</summary>
        public static string For(string kind, string hardwareId)
        {
            char[] tail = new char[4];
            int n = 0;
            for (int i = hardwareId == null ? -1 : hardwareId.Length - 1; i >= 0 && n < tail.Length; i--)
            {
                char c = hardwareId[i];
                if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
                {
                    tail[tail.Length - 1 - n++] = c;
                }
                else if (c >= 'A' && c <= 'Z')
                {
                    tail[tail.Length - 1 - n++] = (char)(c + ('a' - 'A'));
                }
            }

            return n == 0 ? kind : kind + "-" + new string(tail, tail.Length - n, n);
        }
    }
}
