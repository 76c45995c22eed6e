using System;
using System.Collections.Generic;

namespace Firmware.Host.Fleet.Monitoring
{
    /// <summary>
    /// Connectivity uptime, one definition for the monitor (from MQTT) and the simulator's ground truth (from each
    /// device's connections): the share of expected sessions that happened.
    /// <list type="bullet">
    /// <item>A battery device is expected to have one session per radio interval from its first session on: the
    /// interval's slots from the first session to now. A slot happened when a session began in it (a retry after a failed
    /// session that lands in the same slot counts once).</item>
    /// <item>A mains device keeps its session open: it is expected to be connected in every hour from its first session on;
    /// an hour happened when it was connected in it.</item>
    /// </list>
    /// </summary>
    public static class Uptime
    {
        public const long Hour = 3_600_000;

        /// <summary>Expected and happened slots of <paramref name="slot"/> ms from the first of <paramref name="starts"/> (sorted or not) to <paramref name="now"/>.</summary>
        public static (long Expected, long Happened) Slots(IEnumerable<long> starts, long slot, long now)
        {
            long first = long.MaxValue;
            List<long> all = new List<long>(starts);
            foreach (long start in all)
            {
                first = Math.Min(first, start);
            }

            if (first == long.MaxValue || now < first)
            {
                return (0, 0);
            }

            HashSet<long> happened = new HashSet<long>();
            foreach (long start in all)
            {
                if (start <= now)
                {
                    happened.Add((start - first) / slot);
                }
            }

            return (((now - first) / slot) + 1, happened.Count);
        }

        /// <summary>The hours in which a device was connected, for connections given as (from, until), ms.</summary>
        public static IEnumerable<long> HoursConnected(IEnumerable<(long From, long Until)> connections)
        {
            HashSet<long> hours = new HashSet<long>();
            foreach ((long from, long until) in connections)
            {
                for (long h = from / Hour; h <= until / Hour; h++)
                {
                    hours.Add(h * Hour);
                }
            }

            return hours;
        }
    }
}
