namespace Firmware.Ports
{
    /// <summary>The battery gauge. A mains-powered device has none and always answers false.</summary>
    public interface IBattery
    {
        /// <summary>
        /// Measures the battery: its voltage in millivolts and its state of charge in percent (0 to 100).
        /// Returns false, with both set to -1, when no valid measurement could be taken.
        /// </summary>
        bool Measure(out int millivolts, out int chargePercent);
    }
}
