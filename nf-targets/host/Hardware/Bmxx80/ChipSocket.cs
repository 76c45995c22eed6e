using System;
using System.Device.I2c;
using System.IO;
using Firmware.Drivers.Bus;

namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>
    /// The place on the bus where a board's climate sensor sits: whatever chip is fitted answers at the address, and it
    /// can be swapped for another while the firmware runs (a chip replaced mid-run), or taken out (nothing answers).
    /// Both views of the bus (<see cref="System.Device.I2c.I2cDevice"/> for the bindings, <see cref="II2cDevice"/> for
    /// the guards) reach the fitted chip. An empty socket NACKs: a status on the port; on the bindings' view an
    /// IOException, or with <see cref="SilentBusErrors"/> nothing, as nanoFramework's bindings see it.
    /// </summary>
    public sealed class ChipSocket : System.Device.I2c.I2cDevice, II2cDevice
    {
        private readonly I2cConnectionSettings _settings;

        public ChipSocket(int address, SimulatedBoschChip fitted)
        {
            Address = address;
            _settings = new I2cConnectionSettings(1, address);
            Fitted = fitted;
        }

        public int Address { get; }

        /// <summary>The chip in the socket, or null for none.</summary>
        public SimulatedBoschChip Fitted { get; set; }

        /// <summary>An empty socket's NACK on the bindings' view passes silently (as nanoFramework's I2cDevice gives it to a binding).</summary>
        public bool SilentBusErrors { get; set; }

        public override I2cConnectionSettings ConnectionSettings => _settings;

        public I2cResult Write(byte[] buffer, int offset, int count) =>
            Fitted == null ? new I2cResult(I2cStatus.AddressNotAcknowledged, 0) : Fitted.Write(buffer, offset, count);

        public I2cResult WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount) =>
            Fitted == null ? new I2cResult(I2cStatus.AddressNotAcknowledged, 0) : Fitted.WriteRead(writeBuffer, writeOffset, writeCount, readBuffer, readOffset, readCount);

        public override void Read(Span<byte> buffer)
        {
            if (Empty())
            {
                return;
            }

            Fitted.Read(buffer);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Empty())
            {
                return;
            }

            Fitted.Write(buffer);
        }

        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            if (Empty())
            {
                return;
            }

            Fitted.WriteRead(writeBuffer, readBuffer);
        }

        private bool Empty()
        {
            if (Fitted != null)
            {
                return false;
            }

            if (SilentBusErrors)
            {
                return true;
            }

            throw new IOException("Error 6 performing I2C data transfer (address not acknowledged)");
        }
    }
}
