using System.IO;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// Thrown by a simulated medium at the operation where power is cut, and by every operation of that
    /// object after it: the firmware sees what a device sees, a medium that stopped answering. It is an
    /// <see cref="IOException"/> as the flash port's contract says; tests catch it to "reboot".
    /// </summary>
    public sealed class SimulatedPowerCutException : IOException
    {
        public SimulatedPowerCutException(string message)
            : base(message)
        {
        }
    }
}
