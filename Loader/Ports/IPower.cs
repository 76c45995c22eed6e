namespace Firmware.Ports
{
    /// <summary>
    /// Power states of the device. On ESP32, deep sleep powers the radio and RAM down and the device
    /// boots again on wake: everything that must outlive a sleep lives in flash.
    /// </summary>
    public interface IPower
    {
        /// <summary>Why this boot happened; the first input of every wake.</summary>
        WakeCause WakeCause { get; }

        /// <summary>
        /// Sleeps for <paramref name="milliseconds"/>, then boots again. On a device it does not return.
        /// A simulation may return: the caller must do nothing after it but return to the loader.
        /// Flash must be synced before.
        /// </summary>
        void DeepSleep(long milliseconds);

        /// <summary>Restarts the device now; the same rules as <see cref="DeepSleep"/> apply.</summary>
        void Reboot();

        /// <summary>
        /// True when the target is taking power away in an orderly way (the host twin at the end of its
        /// run or on Ctrl+C): the application finishes its current step, syncs flash and returns.
        /// Never true on a device, where power simply goes.
        /// </summary>
        bool StopRequested { get; }
    }
}
