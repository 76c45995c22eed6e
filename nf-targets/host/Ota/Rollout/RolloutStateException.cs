using System;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>A state file that cannot be used as it is: missing, not a rollout's, damaged, or for another release.</summary>
    public sealed class RolloutStateException : Exception
    {
        public RolloutStateException(string message)
            : base(message)
        {
        }
    }
}
