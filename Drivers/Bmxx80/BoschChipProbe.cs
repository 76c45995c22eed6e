using Firmware.Drivers.Bus;

namespace Firmware.Drivers.Bmxx80
{
    /// <summary>Reads the chip id through the drivers' I²C port, every transfer checked. Allocation-free after construction.</summary>
    public sealed class BoschChipProbe
    {
        private readonly II2cDevice _device;
        private readonly byte[] _register = new byte[] { BoschChip.IdRegister };
        private readonly byte[] _id = new byte[1];

        public BoschChipProbe(II2cDevice device)
        {
            _device = device;
        }

        /// <summary>Why the last <see cref="Read"/> gave no id (the transfer's outcome), or null.</summary>
        public string Problem { get; private set; }

        /// <summary>The id register's content, or -1 when the transfer was not complete (<see cref="Problem"/> says how).</summary>
        public int Read()
        {
            I2cResult result = _device.WriteRead(_register, 0, 1, _id, 0, 1);
            if (!result.IsComplete(2))
            {
                Problem = result.Describe(2);
                return -1;
            }

            Problem = null;
            return _id[0];
        }
    }
}
