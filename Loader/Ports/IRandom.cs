namespace Firmware.Ports
{
    /// <summary>
    /// Randomness for jitter and identifiers (not for keys). Seeded per device and per boot so a fleet
    /// waking together spreads out; deterministic on the host when a seed is given, so runs repeat.
    /// </summary>
    public interface IRandom
    {
        /// <summary>A value in [0, <paramref name="maxExclusive"/>); <paramref name="maxExclusive"/> must be positive.</summary>
        int Next(int maxExclusive);
    }
}
