namespace Firmware.Power
{
    /// <summary>How the battery feeds the 3.3 V rail. Numbers are stable (they may be stored).</summary>
    public enum RegulatorKind
    {
        /// <summary>A linear regulator (LDO): the battery supplies the load current plus the regulator's ground current.</summary>
        Linear = 0,

        /// <summary>A boost converter: the battery supplies the load's power divided by the efficiency, at the lower battery voltage.</summary>
        Boost = 1,
    }
}
