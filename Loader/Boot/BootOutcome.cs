namespace Firmware.Boot
{
    /// <summary>The last result of an update, kept in boot control until the application reported it.</summary>
    public static class BootOutcome
    {
        public const int None = 0;

        /// <summary>A new image passed its health check and is now the confirmed one.</summary>
        public const int Updated = 1;

        /// <summary>A new image used up its trial attempts; the previous image runs again.</summary>
        public const int RolledBack = 2;

        /// <summary>
        /// The confirmed image did not load (its slot rotted); the loader switched to the other slot's image, which
        /// had run confirmed and still matched its SHA-256, or restored the factory image there.
        /// </summary>
        public const int Recovered = 3;
    }
}
