using System.Collections.Generic;

namespace Firmware.Host.Fleet
{
    /// <summary>A fleet run as a scenario sees it before the time line starts: its time line, broker, judge and devices.</summary>
    public sealed class FleetContext
    {
        public FleetScheduler Scheduler { get; init; }

        public FleetJudge Judge { get; init; }

        public string BrokerHost { get; init; }

        public int BrokerPort { get; init; }

        /// <summary>The broker's Unix domain socket the fleet's clients connect through (<see cref="FleetOptions.BrokerSocket"/>); null for TCP.</summary>
        public string BrokerSocket { get; init; }

        public string TopicPrefix { get; init; }

        public long WorldStartUnixMilliseconds { get; init; }

        public long EndMilliseconds { get; init; }

        public IReadOnlyList<FleetDevice> Devices { get; init; }
    }
}
