namespace Firmware.HomeAssistant
{
    /// <summary>
    /// Home Assistant's sensor device class and unit for a channel's SenML unit (RFC 8428): "Cel" is a temperature in
    /// "°C", "%RH" a humidity in "%", "Pa" a pressure in "Pa". A unit without a device class keeps its symbol ("Ohm" is
    /// "Ω"); Home Assistant accepts any unit for a sensor without one.
    /// </summary>
    public static class SensorClasses
    {
        /// <summary>The device class, or null when Home Assistant has none for the unit.</summary>
        public static string DeviceClass(string senmlUnit)
        {
            switch (senmlUnit)
            {
                case "Cel":
                    return "temperature";
                case "%RH":
                    return "humidity";
                case "Pa":
                    return "pressure";
                case "V":
                    return "voltage";
                case "A":
                    return "current";
                case "W":
                    return "power";
                case "lx":
                    return "illuminance";
                default:
                    return null;
            }
        }

        /// <summary>The unit of measurement Home Assistant shows, or null for a ratio ("/") or no unit.</summary>
        public static string Unit(string senmlUnit)
        {
            switch (senmlUnit)
            {
                case "Cel":
                    return "°C";
                case "%RH":
                    return "%";
                case "Ohm":
                    return "Ω";
                case "/":
                case "":
                    return null;
                default:
                    return senmlUnit;
            }
        }
    }
}
