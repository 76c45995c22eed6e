using System;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// An attempt to set a bit with a NOR program (only an erase sets bits): a firmware bug. Not an
    /// <see cref="System.IO.IOException"/>, so no firmware path mistakes it for a medium failure and
    /// every test that triggers it fails.
    /// </summary>
    public sealed class FlashProgramViolationException : InvalidOperationException
    {
        public FlashProgramViolationException(string message)
            : base(message)
        {
        }
    }
}
