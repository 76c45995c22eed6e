using System;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>Deterministic randomness, so a twin run with the same seed repeats.</summary>
    public sealed class SeededRandom : IRandom
    {
        private readonly Random _random;

        public SeededRandom(int seed)
        {
            _random = new Random(seed);
        }

        public int Next(int maxExclusive)
        {
            if (maxExclusive <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxExclusive), "must be positive");
            }

            return _random.Next(maxExclusive);
        }
    }
}
