namespace Firmware.SetupPorts
{
    /// <summary>What <see cref="ISetupRadio.StartAccessPoint"/> did.</summary>
    public enum AccessPointStart
    {
        /// <summary>The access point is up; <see cref="ISetupRadio.AccessPointAddress"/> is its address.</summary>
        Started = 0,

        /// <summary>The access point is saved and comes up at the next boot: restart the device.</summary>
        RestartNeeded = 1,

        /// <summary>The access point cannot be started (see <see cref="ISetupRadio.LastError"/>).</summary>
        Failed = 2,
    }
}
