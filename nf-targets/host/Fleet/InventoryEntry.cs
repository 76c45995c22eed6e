namespace Firmware.Host.Fleet
{
    /// <summary>One device of the registry (<see cref="FleetTopics.Inventory"/>): its id, kind, role and board.</summary>
    public sealed class InventoryEntry
    {
        public string Id { get; set; }

        public string Kind { get; set; }

        public string Role { get; set; }

        public string Board { get; set; }

        public int SampleIntervalSeconds { get; set; }

        /// <summary>The radio interval on battery; 0 on mains (its session stays open).</summary>
        public int RadioIntervalSeconds { get; set; }
    }
}
