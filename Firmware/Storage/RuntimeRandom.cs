using Firmware.Ports;

namespace Firmware.Storage
{
    /// <summary>The runtime's own generator behind <see cref="IRandom"/>, for a log given no randomness of the platform's.</summary>
    internal sealed class RuntimeRandom : IRandom
    {
        private readonly System.Random _random = new System.Random();

        public int Next(int maxExclusive)
        {
            return _random.Next(maxExclusive);
        }
    }
}
