using System;
using Firmware.Ports;

namespace Firmware.Tools.Bench.Power
{
    /// <summary>The firmware's randomness port over a seeded System.Random, so scenario runs repeat.</summary>
    public sealed class SystemRandom : IRandom
    {
        private readonly Random _random;

        public SystemRandom(int seed)
        {
            _random = new Random(seed);
        }

        public int Next(int maxExclusive) => _random.Next(maxExclusive);
    }
}
