using System;
using Firmware.Ports;

namespace Firmware.Esp32.Adapters
{
    /// <summary>Jitter and identifiers from the runtime's generator, seeded per boot by the runtime.</summary>
    public sealed class Esp32Random : IRandom
    {
        private readonly Random _random = new Random();

        public int Next(int maxExclusive)
        {
            if (maxExclusive <= 0)
            {
                throw new ArgumentOutOfRangeException("maxExclusive", "must be positive");
            }

            return _random.Next(maxExclusive);
        }
    }
}
