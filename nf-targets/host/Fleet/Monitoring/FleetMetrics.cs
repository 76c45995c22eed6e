using System.Collections.Generic;

namespace Firmware.Host.Fleet.Monitoring
{
    /// <summary>
    /// The fleet's figures as a back end computes them from MQTT alone (docs/fleet.md defines each): what the monitor
    /// writes as its JSON report and draws on its page.
    /// </summary>
    public sealed class FleetMetrics
    {
        /// <summary>The monitor's time (Unix ms): the simulation's clock on fleet/clock, else the wall clock.</summary>
        public long Now { get; init; }

        /// <summary>Devices in the registry (fleet/inventory), and devices heard that it does not list.</summary>
        public int Registered { get; init; }

        public int Unregistered { get; init; }

        /// <summary>Devices that ever reached the broker (a status, an event or a reading of theirs arrived).</summary>
        public int Activated { get; init; }

        /// <summary>Activated over registered.</summary>
        public double ActivationRate { get; init; }

        /// <summary>Expected sessions that happened, over every activated device (docs/fleet.md: expected session).</summary>
        public double ConnectivityUptime { get; init; }

        public double BatteryUptime { get; init; }

        public double MainsUptime { get; init; }

        public long ExpectedSessions { get; init; }

        public long HappenedSessions { get; init; }

        /// <summary>Devices heard in the 30 days before now.</summary>
        public int MonthlyActiveDevices { get; init; }

        /// <summary>The mean health score of the activated devices, 0 to 100 (docs/fleet.md: health score).</summary>
        public double HealthScore { get; init; }

        /// <summary>Distinct readings received (device, epoch, sequence), readings received again, and what the devices say they took, hold and dropped.</summary>
        public long ReadingsDelivered { get; init; }

        public long ReadingsDuplicated { get; init; }

        public long ReadingsSampled { get; init; }

        public long ReadingsHeld { get; init; }

        public long ReadingsDropped { get; init; }

        /// <summary>
        /// Updates that succeeded over those that ended (updated, rolled back, refused: a refusal is a failed update, as the
        /// rollout counts it), all versions, each outcome and each refusal once; null when none ended.
        /// </summary>
        public double? UpdateSuccessRate { get; init; }

        /// <summary>Per firmware version: devices running it, and its updates by outcome.</summary>
        public SortedDictionary<string, int> Running { get; init; } = new SortedDictionary<string, int>();

        public SortedDictionary<string, SortedDictionary<string, int>> UpdateOutcomes { get; init; } = new SortedDictionary<string, SortedDictionary<string, int>>();

        /// <summary>OTA events that reported a (device, outcomeId) or a (device, refusalId) already counted: received again, not counted again.</summary>
        public int UpdateOutcomesRepeated { get; init; }

        /// <summary>Devices by backlog (readings held when their last session began) and by battery charge at their last status, bucketed.</summary>
        public SortedDictionary<string, int> Backlog { get; init; } = new SortedDictionary<string, int>();

        public SortedDictionary<string, int> Battery { get; init; } = new SortedDictionary<string, int>();

        /// <summary>The mean battery charge of the battery devices at their last status, percent.</summary>
        public double MeanBatteryPercent { get; init; }

        /// <summary>Per day of the monitor's clock: readings received and battery sessions begun.</summary>
        public SortedDictionary<string, long> ReadingsPerDay { get; init; } = new SortedDictionary<string, long>();

        public SortedDictionary<string, long> SessionsPerDay { get; init; } = new SortedDictionary<string, long>();

        /// <summary>The rollout's state as it last published it (fleet/rollout), or null.</summary>
        public System.Text.Json.Nodes.JsonNode Rollout { get; init; }

        /// <summary>Messages the monitor took, and the process CPU it spent per message, microseconds.</summary>
        public long Messages { get; init; }

        /// <summary>Messages that could not be read (the last one and why), and why the monitor's connection was last lost.</summary>
        public long Malformed { get; init; }

        public string LastMalformed { get; init; }

        public string LastDisconnect { get; init; }

        public double CpuMicrosecondsPerMessage { get; init; }
    }
}
