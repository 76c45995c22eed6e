namespace Firmware.Ports
{
    /// <summary>
    /// Diagnostic output (serial console on a device, the terminal on the host). Not a record of data:
    /// nothing the device must keep goes only here. Messages never contain secrets.
    /// </summary>
    public interface ILog
    {
        /// <summary>True when messages of this level are shown; callers check it before building a message,
        /// so a disabled level costs no allocation.</summary>
        bool IsEnabled(LogLevel level);

        void Write(LogLevel level, string source, string message);
    }
}
