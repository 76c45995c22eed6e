namespace Firmware.Ports
{
    /// <summary>
    /// A switched output: the heater relay of a thermostat. It is off at boot. An implementation enforces
    /// the board's minimum on and off times (equipment protection), so a request may be held back.
    /// </summary>
    public interface IRelay
    {
        /// <summary>Short identifier, e.g. "heater".</summary>
        string Name { get; }

        /// <summary>True while the output is switched on.</summary>
        bool IsOn { get; }

        /// <summary>
        /// Asks for the output on or off. Returns true when it is now in the requested state, false while a
        /// minimum on or off time holds it in the other state (ask again later).
        /// </summary>
        bool Switch(bool on);

        /// <summary>
        /// Switches off at once, ignoring the minimum on time: for safety (a failed sensor, over-temperature).
        /// The minimum off time starts from here.
        /// </summary>
        void SwitchOffNow();
    }
}
