using Firmware.Boot;
using Firmware.Ports;

namespace Firmware.Device
{
    /// <summary>
    /// The version of the firmware that runs, the one every report carries (the log, the retained status and the last
    /// will, the updater's events, the loader's and the twin's report): the version of the bundle the loader booted, as
    /// the running slot's descriptor holds it (the loader hands the slots over in <see cref="Platform.Slots"/>). On a
    /// target without updates (no slots: a flash region too small for them, or a loader that runs the application
    /// deployed beside it) it is the version of this build, Firmware.Device's assembly version
    /// (Properties/AssemblyInfo.cs), which is also what `ota bundle` writes into a bundle of this build.
    /// </summary>
    public static class RunningFirmware
    {
        /// <summary>The version of this build: Firmware.Device's assembly version, as major.minor.patch.</summary>
        public static string BuildVersion
        {
            get
            {
                System.Version v = typeof(RunningFirmware).Assembly.GetName().Version;
                return v.Major.ToString() + "." + v.Minor.ToString() + "." + v.Build.ToString();
            }
        }

        /// <summary>
        /// The running bundle's version, read from the slot the loader booted; the build's when the platform has no slots,
        /// or when they name no running image or cannot be read (said in the log).
        /// </summary>
        public static string Version(Platform platform)
        {
            IUpdateSlots slots = platform.Slots;
            if (slots == null || slots.State.RunningSlot == BootControlRecord.NoSlot)
            {
                return BuildVersion;
            }

            SlotDescriptor running = new SlotDescriptor();
            try
            {
                if (slots.ReadDescriptor(slots.State.RunningSlot, running))
                {
                    return running.VersionText;
                }
            }
            catch (System.IO.IOException e)
            {
                platform.Log.Write(LogLevel.Error, "app", "the running slot cannot be read: " + e.Message);
                return BuildVersion;
            }

            platform.Log.Write(LogLevel.Error, "app", "the running slot holds no valid descriptor; reporting this build's version");
            return BuildVersion;
        }
    }
}
