namespace Firmware.Ports
{
    /// <summary>Why the device is running. Numbers are stable: they are stored and reported.</summary>
    public enum WakeCause
    {
        /// <summary>Power was applied: RAM and the RTC are lost, wall time is unknown.</summary>
        PowerOn = 0,

        /// <summary>The deep-sleep timer expired.</summary>
        Timer = 1,

        /// <summary>An external pin woke the device (a button, an alarm line).</summary>
        Pin = 2,

        /// <summary>The firmware asked for a restart.</summary>
        Reboot = 3,

        /// <summary>A watchdog, a crash or a brown-out reset the device.</summary>
        Fault = 4,
    }
}
