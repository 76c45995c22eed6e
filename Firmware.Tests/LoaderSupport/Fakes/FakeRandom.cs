using Firmware.Ports;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// Randomness a test controls: by default a small linear congruential generator from a seed; with
    /// <see cref="Extreme"/> set, always the largest (1) or smallest (-1) allowed value.
    /// </summary>
    public sealed class FakeRandom : IRandom
    {
        private uint _state;

        public FakeRandom(uint seed)
        {
            _state = seed;
        }

        /// <summary>1 for always maxExclusive - 1, -1 for always 0, 0 for pseudo-random values.</summary>
        public int Extreme { get; set; }

        /// <summary>The maxExclusive of the last call.</summary>
        public int LastMaxExclusive { get; private set; }

        public int Next(int maxExclusive)
        {
            if (maxExclusive <= 0)
            {
                throw new System.ArgumentOutOfRangeException("maxExclusive", "maxExclusive must be positive");
            }

            LastMaxExclusive = maxExclusive;
            if (Extreme > 0)
            {
                return maxExclusive - 1;
            }

            if (Extreme < 0)
            {
                return 0;
            }

            _state = (_state * 1664525) + 1013904223;
            return (int)((_state >> 1) % (uint)maxExclusive);
        }
    }
}
