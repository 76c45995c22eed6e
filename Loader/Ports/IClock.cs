namespace Firmware.Ports
{
    /// <summary>
    /// Time as the device knows it. Two clocks, because they fail differently:
    /// - uptime: milliseconds since this boot (every deep-sleep wake is a boot). Monotonic, starts near
    ///   zero, always valid; used for timeouts and durations.
    /// - wall time: Unix time in milliseconds (UTC). The RTC keeps it across deep sleep but loses it
    ///   when power is lost; until it is set from network time it is unknown, and code must not invent it.
    /// - time since power-on: what the RTC has counted since power was applied (it runs through deep
    ///   sleep). While wall time is unknown it is the only clock that spans wakes, so readings taken then
    ///   are stored with it and given their wall time once it is known (ESP32: the RTC counts from 1970 at
    ///   power-on until it is set, so this is the same counter as wall time, read before it is set).
    /// On the host twin both are virtual: <see cref="Sleep"/> advances them without waiting in real time.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since this boot; never decreases.</summary>
        long UptimeMilliseconds { get; }

        /// <summary>True once wall time has been set since the last loss of power.</summary>
        bool IsWallTimeKnown { get; }

        /// <summary>Unix time in milliseconds; meaningful only when <see cref="IsWallTimeKnown"/>.</summary>
        long UnixTimeMilliseconds { get; }

        /// <summary>
        /// Milliseconds since power was applied, counted by the RTC across deep sleep and restarted by a loss
        /// of power. Meaningful only while <see cref="IsWallTimeKnown"/> is false: once wall time is set, a
        /// target whose RTC holds only one counter (ESP32) can no longer tell it.
        /// </summary>
        long SincePowerOnMilliseconds { get; }

        /// <summary>Sets wall time (for example from SNTP); from then on it is known.</summary>
        void SetUnixTimeMilliseconds(long unixTimeMilliseconds);

        /// <summary>Blocks the calling thread for the given milliseconds (light sleep on a device).</summary>
        void Sleep(int milliseconds);
    }
}
