namespace Firmware.Host.Fleet
{
    /// <summary>
    /// The fleet's own retained topics beside the devices' (&lt;prefix&gt;/&lt;device&gt;/...): what a back end knows
    /// from elsewhere in a real deployment, published on MQTT so the monitor and the rollout need nothing else.
    /// </summary>
    public static class FleetTopics
    {
        /// <summary>The device registry: every device made and shipped, with its kind and board (JSON array).</summary>
        public const string Inventory = "fleet/inventory";

        /// <summary>The simulated world's time, so a monitor of a simulation reads its clock there (a real one uses its own).</summary>
        public const string Clock = "fleet/clock";

        /// <summary>The rollout's state, published after every step.</summary>
        public const string Rollout = "fleet/rollout";
    }
}
