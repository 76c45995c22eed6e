using System;
using System.Collections.Generic;

namespace Firmware.Host.Fleet
{
    /// <summary>
    /// Identical flash sectors shared by the devices of a fleet: the sectors of a firmware image are the same bytes in
    /// every device that holds it, so each is kept once (<see cref="FleetFlash.Share"/>) and copied only when a device
    /// writes it again.
    /// </summary>
    public sealed class SectorPool
    {
        private readonly object _gate = new object();
        private readonly Dictionary<int, List<byte[]>> _sectors = new Dictionary<int, List<byte[]>>();

        /// <summary>Distinct sectors held.</summary>
        public int Count { get; private set; }

        /// <summary>The pool's copy of a sector with these bytes, added if it has none.</summary>
        public byte[] Intern(byte[] sector)
        {
            HashCode hash = default;
            hash.AddBytes(sector);
            int key = hash.ToHashCode();
            lock (_gate)
            {
                if (!_sectors.TryGetValue(key, out List<byte[]> same))
                {
                    same = new List<byte[]>(1);
                    _sectors.Add(key, same);
                }

                foreach (byte[] candidate in same)
                {
                    if (candidate.AsSpan().SequenceEqual(sector))
                    {
                        return candidate;
                    }
                }

                same.Add(sector);
                Count++;
                return sector;
            }
        }
    }
}
