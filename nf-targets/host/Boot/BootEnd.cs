namespace Firmware.Host.Boot
{
    /// <summary>How a boot of the twin ended.</summary>
    public enum BootEnd
    {
        /// <summary>The application returned (after asking for a sleep or a reboot, or at the end of the run).</summary>
        Returned,

        /// <summary>The application threw, or its image did not load; the loader restarts the device.</summary>
        Crashed,

        /// <summary>The image on trial let its deadline pass; the loader reset the device.</summary>
        Hung,

        /// <summary>
        /// The firmware's wake watchdog forced a sleep or a reboot from its own thread while the application thread
        /// hung; the loader stopped that thread and the requested sleep or reboot follows.
        /// </summary>
        Reset,

        /// <summary>No image is installed.</summary>
        NoImage,

        /// <summary>
        /// No slot holds an image that loads and none could be restored: the device sleeps
        /// <see cref="Firmware.Boot.ManagedUpdateSlots.UnbootableRetryMilliseconds"/> before it tries again.
        /// </summary>
        Unbootable,

        /// <summary>The simulation cut the board's power during the boot (<see cref="HostLoader.PowerLost"/>); nothing more was written.</summary>
        PowerCut,
    }
}
