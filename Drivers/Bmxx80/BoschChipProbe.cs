using Firmware.Drivers.Bus;

namespace Firmware.Drivers.Bmxx80
{
    /// <summary>Reads the chip id through the drivers' I²C port, every transfer checked. Allocation-free after construction.</summary>
    public sealed class BoschChipProbe
    {
        private readonly CheckedRegisters _registers;
        private readonly byte[] _id = new byte[1];

        public BoschChipProbe(II2cDevice device)
        {
            _registers = new CheckedRegisters(device);
        }

        /// <summary>Why the last <see cref="Read"/> gave no id (the transfer's outcome), or null.</summary>
        public string Problem
        {
            get { return _registers.Problem; }
        }

        /// <summary>The id register's content, or -1 when the transfer was not complete (<see cref="Problem"/> says how).</summary>
        public int Read()
        {
            return _registers.Read(BoschChip.IdRegister, _id, 1) ? _id[0] : -1;
        }
    }
}
