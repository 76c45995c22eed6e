using System.Collections.Generic;

namespace Firmware.Host.Ota.Rollout
{
    /// <summary>One wave: its share, when it began and its soak ends, its devices by state, its failure rate, the devices that slept through it.</summary>
    public sealed class RolloutWave
    {
        public double Percent { get; init; }

        public long? StartedAt { get; init; }

        public long? SoakEndsAt { get; init; }

        public int Devices { get; init; }

        public int Pending { get; init; }

        public int Session { get; init; }

        public int Updated { get; init; }

        public int Failed { get; init; }

        /// <summary>Failed over decided (updated and failed).</summary>
        public double FailureRate { get; init; }

        /// <summary>Devices whose soak ended before they had a session since the announce (and still have not).</summary>
        public List<string> Expired { get; init; } = new List<string>();

        /// <summary>Devices in a session whose connection went after they accepted the release and that were not heard for a confirm timeout since.</summary>
        public List<string> Lost { get; init; } = new List<string>();

        /// <summary>The hardware profiles among its devices.</summary>
        public List<string> Profiles { get; init; } = new List<string>();
    }
}
