namespace Firmware.Storage
{
    /// <summary>
    /// Boots and power-ons since the state store was formatted, kept under <see cref="StateKeys.Boot"/>
    /// (version 1: boots u32, power-ons u32) and written once per boot.
    /// </summary>
    public sealed class BootCounters
    {
        private const int Version = 1;
        private readonly byte[] _record = new byte[8];

        /// <summary>Boots, this one included (every deep-sleep wake is a boot).</summary>
        public long Boots { get; private set; }

        /// <summary>Power-ons (the RTC started from zero), this one included if it was one.</summary>
        public long PowerOns { get; private set; }

        /// <summary>Reads the counters, counts this boot and writes them back (the caller syncs).</summary>
        public void CountBoot(StateStore state, bool powerOn)
        {
            int version;
            int length = state.Read(StateKeys.Boot, _record, 0, out version);
            bool present = length == _record.Length && version == Version;
            Boots = (present ? LittleEndian.ReadUInt32(_record, 0) : 0) + 1;
            PowerOns = (present ? LittleEndian.ReadUInt32(_record, 4) : 0) + (powerOn ? 1 : 0);
            LittleEndian.WriteUInt32(_record, 0, (uint)Boots);
            LittleEndian.WriteUInt32(_record, 4, (uint)PowerOns);
            state.Write(StateKeys.Boot, Version, _record, 0, _record.Length);
        }
    }
}
