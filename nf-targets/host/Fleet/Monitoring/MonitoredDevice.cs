using System.Collections.Generic;

namespace Firmware.Host.Fleet.Monitoring
{
    /// <summary>What the monitor knows of one device, from its status, events and telemetry alone.</summary>
    public sealed class MonitoredDevice
    {
        public string Id { get; init; }

        /// <summary>The registry's kind, role and board (the inventory), or null for a device the registry does not list.</summary>
        public InventoryEntry Registered { get; set; }

        /// <summary>When the monitor first heard of it (monitor clock, Unix ms); -1 never.</summary>
        public long FirstHeard { get; set; } = -1;

        /// <summary>When it was last heard (monitor clock, Unix ms).</summary>
        public long LastHeard { get; set; } = -1;

        /// <summary>Battery sessions, timed by the device's own status: the "sleeping until" less the radio interval, Unix ms.</summary>
        public List<long> SessionStarts { get; } = new List<long>();

        /// <summary>Hours in which a message of it arrived (monitor clock, Unix ms of the hour's start): a mains device's connected hours.</summary>
        public HashSet<long> HoursHeard { get; } = new HashSet<long>();

        public int RadioIntervalSeconds { get; set; }

        public bool Mains { get; set; }

        public string State { get; set; }

        public string Firmware { get; set; }

        public int BatteryPercent { get; set; } = -1;

        /// <summary>Readings held at its last status (after a session's drain, usually none).</summary>
        public long Held { get; set; }

        /// <summary>Readings it held when its last session began (its online status, before the drain): the backlog it brought.</summary>
        public long Backlog { get; set; }

        public long Dropped { get; set; }

        /// <summary>The log's next sequence number at the last status: the readings it has taken are one less.</summary>
        public long NextSequence { get; set; }

        /// <summary>Statuses (online or sleeping) received, and those that said an error was current.</summary>
        public int Statuses { get; set; }

        public int StatusesWithCurrentError { get; set; }

        /// <summary>Readings received, by log epoch.</summary>
        public Dictionary<long, SequenceSet> Readings { get; } = new Dictionary<long, SequenceSet>();

        /// <summary>OTA outcomes reported on its events, each boot-control outcome and each refusal once: (outcome, version, reason).</summary>
        public List<(string Outcome, string Version, string Reason)> OtaOutcomes { get; } = new List<(string Outcome, string Version, string Reason)>();

        /// <summary>The boot-control outcome ids ("outcomeId") of the OTA events counted in <see cref="OtaOutcomes"/>.</summary>
        public HashSet<long> OtaOutcomeIds { get; } = new HashSet<long>();

        /// <summary>The updater's refusal ids ("refusalId", a count apart from the outcome ids) of the refusals counted in <see cref="OtaOutcomes"/>.</summary>
        public HashSet<long> OtaRefusalIds { get; } = new HashSet<long>();

        /// <summary>OTA events that reported an outcome id or a refusal id already counted (the device publishes at least once), not counted again.</summary>
        public int OtaOutcomesRepeated { get; set; }
    }
}
