using Firmware.Drivers.Bus;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A register file of a BMP280 or BME680 on a fake bus for the guards' device tests: the registers as a chip
    /// leaves them after a finished forced conversion (its calibration, status, control and raw data), registers a test
    /// forces to a value, and switches for bus faults. Conversions are the fake binding's (<see cref="FakeBoschBinding"/>).
    /// The full register-level chips live on the host.
    /// </summary>
    public sealed class FakeBoschChip : II2cDevice
    {
        private readonly byte[] _registers = new byte[256];
        private readonly int[] _forced = new int[256];
        private int _pointer;

        private FakeBoschChip()
        {
            for (int i = 0; i < _forced.Length; i++)
            {
                _forced[i] = -1;
            }

            NackFrom = -1;
        }

        /// <summary>
        /// A BMP280 (id 0x58) with the datasheet example's calibration and raw results (519888 and 415148: 25.08 °C,
        /// 100653 Pa), asleep with ×1 oversampling of both channels.
        /// </summary>
        public static FakeBoschChip Bmp280()
        {
            FakeBoschChip chip = new FakeBoschChip();
            chip.Load(0x88, new byte[]
            {
                0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC, 0x7D, 0x8E, 0x43, 0xD6, 0xD0, 0x0B, 0x27, 0x0B, 0x8C, 0x00,
                0xF9, 0xFF, 0x8C, 0x3C, 0xF8, 0xC6, 0x70, 0x17,
            });
            chip._registers[0xD0] = 0x58;
            chip._registers[0xF4] = 0x24;
            chip.Load(0xF7, new byte[] { 0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00 });
            return chip;
        }

        /// <summary>
        /// A BME680 (id 0x61) with calibration of typical magnitudes (every signed coefficient positive), asleep after a
        /// conversion without gas with ×1 oversampling of all three channels.
        /// </summary>
        public static FakeBoschChip Bme680()
        {
            FakeBoschChip chip = new FakeBoschChip();
            chip.Load(0x8A, new byte[]
            {
                0x70, 0x66, 0x03, 0x00, 0x0C, 0x8F, 0x3E, 0xD7, 0x58, 0x00, 0x3E, 0x1A, 0xA0, 0xFF, 0x36, 0x1E,
                0x00, 0x00, 0x9D, 0xEF, 0x11, 0xFA, 0x1E,
            });
            chip.Load(0xE1, new byte[] { 0x3F, 0x88, 0x33, 0x00, 0x2D, 0x14, 0x78, 0x9C, 0x34, 0x66, 0xAF, 0xE8, 0xE2, 0x12 });
            chip.Load(0x00, new byte[] { 0x2C, 0x00, 0x10, 0x00, 0x20 });
            chip._registers[0xD0] = 0x61;
            chip._registers[0x72] = 0x01;
            chip._registers[0x74] = 0x24;
            chip.Load(0x1D, new byte[] { 0x80, 0x00, 0x5A, 0x3C, 0x00, 0x79, 0xB6, 0x50, 0x57, 0x66, 0x00, 0x00, 0x00, 0xD3, 0x07 });
            return chip;
        }

        public int Address
        {
            get { return 0x76; }
        }

        /// <summary>Every transaction fails with address-not-acknowledged.</summary>
        public bool Nack { get; set; }

        /// <summary>From this transaction count on every transaction is NACKed (-1: never): the chip leaving mid-wake.</summary>
        public int NackFrom { get; set; }

        /// <summary>NACK this many transactions, then answer again (a glitch).</summary>
        public int NackNext { get; set; }

        /// <summary>Reads deliver one byte less than asked.</summary>
        public bool ShortReads { get; set; }

        public int Transactions { get; private set; }

        /// <summary>A register's content as the chip holds it.</summary>
        public byte this[int register]
        {
            get { return _registers[register]; }
            set { _registers[register] = value; }
        }

        /// <summary>Makes <paramref name="register"/> read <paramref name="value"/> whatever happens (-1 lets it go).</summary>
        public void Force(int register, int value)
        {
            _forced[register] = value;
        }

        /// <summary>What a BME680 conversion leaves: new data, asleep, run_gas as asked, and a gas result only with gas.</summary>
        public void Converted(bool gas)
        {
            _registers[0x1D] = 0x80;
            _registers[0x71] = (byte)(gas ? 0x10 : 0x00);
            _registers[0x2B] = (byte)(gas ? 0xB7 : 0x07);
        }

        public I2cResult Write(byte[] buffer, int offset, int count)
        {
            if (Fails())
            {
                return new I2cResult(I2cStatus.AddressNotAcknowledged, 0);
            }

            if (count == 1)
            {
                _pointer = buffer[offset];
            }

            for (int i = 0; i + 1 < count; i += 2)
            {
                _registers[buffer[offset + i]] = buffer[offset + i + 1];
            }

            return new I2cResult(I2cStatus.FullTransfer, count);
        }

        public I2cResult WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            if (Fails())
            {
                return new I2cResult(I2cStatus.AddressNotAcknowledged, 0);
            }

            _pointer = writeBuffer[writeOffset];
            int delivered = ShortReads ? readCount - 1 : readCount;
            for (int i = 0; i < delivered; i++)
            {
                int register = (_pointer + i) & 0xFF;
                readBuffer[readOffset + i] = _forced[register] >= 0 ? (byte)_forced[register] : _registers[register];
            }

            return new I2cResult(I2cStatus.FullTransfer, writeCount + delivered);
        }

        private bool Fails()
        {
            Transactions++;
            if (NackNext > 0)
            {
                NackNext--;
                return true;
            }

            return Nack || (NackFrom >= 0 && Transactions >= NackFrom);
        }

        private void Load(int at, byte[] bytes)
        {
            System.Array.Copy(bytes, 0, _registers, at, bytes.Length);
        }
    }
}
