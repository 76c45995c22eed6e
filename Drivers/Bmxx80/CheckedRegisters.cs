using Firmware.Drivers.Bus;

namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// Burst reads of a chip's registers through the drivers' I²C port, every transfer checked: the first register's
    /// address written, the bytes read after a repeated start, and the read complete only when the bus says so and moved
    /// every byte (a short or NACKed read is never a value). Used by every driver of the family. Allocation-free except
    /// to describe a failure.
    /// </summary>
    public sealed class CheckedRegisters
    {
        private readonly II2cDevice _device;
        private readonly byte[] _register = new byte[1];

        public CheckedRegisters(II2cDevice device)
        {
            _device = device;
        }

        /// <summary>Why the last <see cref="Read"/> was not complete (the transfer's outcome), or null.</summary>
        public string Problem { get; private set; }

        /// <summary>Reads <paramref name="count"/> registers from <paramref name="first"/>; false when the transfer was not complete (<see cref="Problem"/> says how).</summary>
        public bool Read(byte first, byte[] into, int count)
        {
            _register[0] = first;
            I2cResult result = _device.WriteRead(_register, 0, 1, into, 0, count);
            if (!result.IsComplete(1 + count))
            {
                Problem = result.Describe(1 + count);
                return false;
            }

            Problem = null;
            return true;
        }
    }
}
