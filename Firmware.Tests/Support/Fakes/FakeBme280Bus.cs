using Firmware.Drivers.Bus;

namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// A minimal BME280 register file on a fake bus for device tests: the calibration and raw data of a real
    /// chip (the Bosch forum dump the host model also uses), conversions that finish at once, and switches
    /// for the faults the guard must catch. The full register-level model lives on the host.
    /// </summary>
    public sealed class FakeBme280Bus : II2cDevice
    {
        private readonly byte[] _registers = new byte[256];
        private int _pointer;

        public FakeBme280Bus()
        {
            byte[] block1 =
            {
                0x6C, 0x6E, 0x77, 0x66, 0x32, 0x00, 0xA8, 0x92, 0x27, 0xD5, 0xD0, 0x0B, 0x6F, 0x18, 0xCA, 0xFF,
                0xF9, 0xFF, 0xAC, 0x26, 0x0A, 0xD8, 0xBD, 0x10, 0x00, 0x4B,
            };
            byte[] block2 = { 0x65, 0x01, 0x00, 0x14, 0x0B, 0x00, 0x1E };
            System.Array.Copy(block1, 0, _registers, 0x88, block1.Length);
            System.Array.Copy(block2, 0, _registers, 0xE1, block2.Length);
            _registers[0xD0] = 0x60;
            Data = new byte[] { 0x55, 0x33, 0x80, 0x81, 0x7F, 0xB0, 0x79, 0x13 };
            ChipId = 0x60;
        }

        public int Address
        {
            get { return 0x76; }
        }

        /// <summary>What the next conversion leaves in 0xF7..0xFE.</summary>
        public byte[] Data { get; set; }

        public byte ChipId { get; set; }

        /// <summary>Every transaction fails with address-not-acknowledged.</summary>
        public bool Nack { get; set; }

        /// <summary>Reads deliver one byte less than asked, reported as a full transfer (only the count tells).</summary>
        public bool ShortReads { get; set; }

        /// <summary>When set, every transaction fails as UnknownError carrying this message (a driver exception).</summary>
        public string BusError { get; set; }

        /// <summary>Fail this many transactions with a NACK, then answer again.</summary>
        public int NackNext { get; set; }

        public int Transactions { get; private set; }

        public int Conversions { get; private set; }

        public I2cResult Write(byte[] buffer, int offset, int count)
        {
            if (BusError != null)
            {
                Transactions++;
                return new I2cResult(I2cStatus.UnknownError, 0, BusError);
            }

            if (Fails())
            {
                return new I2cResult(I2cStatus.AddressNotAcknowledged, 0);
            }

            Store(buffer, offset, count);
            return new I2cResult(I2cStatus.FullTransfer, count);
        }

        public I2cResult WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            if (BusError != null)
            {
                Transactions++;
                return new I2cResult(I2cStatus.UnknownError, 0, BusError);
            }

            if (Fails())
            {
                return new I2cResult(I2cStatus.AddressNotAcknowledged, 0);
            }

            Store(writeBuffer, writeOffset, writeCount);
            int delivered = ShortReads ? readCount - 1 : readCount;
            _registers[0xD0] = ChipId;
            for (int i = 0; i < delivered; i++)
            {
                readBuffer[readOffset + i] = _registers[(_pointer + i) & 0xFF];
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

            return Nack;
        }

        private void Store(byte[] buffer, int offset, int count)
        {
            if (count == 1)
            {
                _pointer = buffer[offset];
                return;
            }

            for (int i = 0; i + 1 < count; i += 2)
            {
                byte register = buffer[offset + i];
                byte value = buffer[offset + i + 1];
                _registers[register] = value;
                if (register == 0xF4 && (value & 0x03) != 0)
                {
                    // The conversion finishes at once; the mode returns to sleep.
                    Conversions++;
                    System.Array.Copy(Data, 0, _registers, 0xF7, 8);
                    _registers[0xF4] = (byte)(value & 0xFC);
                }
            }
        }
    }
}
