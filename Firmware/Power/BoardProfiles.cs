namespace Firmware.Power
{
    /// <summary>The board profiles a configuration can name ("boardProfile"), for the energy model.</summary>
    public static class BoardProfiles
    {
        /// <summary>The accepted names, for messages.</summary>
        public const string Names = "\"esp32-wroom-2aa\" (2×AA through a boost converter) or \"esp32-wroom-liion\" (one Li-ion cell through an LDO)";

        /// <summary>A new profile for <paramref name="name"/>, or null when there is no such profile.</summary>
        public static BoardProfile ByName(string name)
        {
            if (name == "esp32-wroom-2aa")
            {
                return BoardProfile.Esp32WroomTwoAa();
            }

            if (name == "esp32-wroom-liion")
            {
                return BoardProfile.Esp32WroomLiIon();
            }

            return null;
        }
    }
}
