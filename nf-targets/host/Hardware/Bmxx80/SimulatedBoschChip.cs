using System;
using System.Device.I2c;
using System.IO;
using Firmware.Drivers.Bus;

namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>
    /// The bus side of a register-level simulated chip of the Bosch family: 256 registers behind a register pointer,
    /// burst reads with auto-increment, register/value pairs on write (datasheets' I²C sections: no auto-increment on
    /// writes), and injected bus and chip faults. The chip itself (what writes do, what a conversion leaves) is the
    /// subclass's.
    ///
    /// It is both a <see cref="System.Device.I2c.I2cDevice"/> (so the desktop Iot.Device.Bmxx80 bindings talk to it;
    /// bus errors surface as IOException, as on Linux, or with <see cref="SilentBusErrors"/> as nanoFramework shows
    /// them to a binding that ignores the transfer status: nothing thrown, the read buffer left as it was) and an
    /// <see cref="II2cDevice"/> (so the firmware's guards do; bus errors are returned as statuses, as nanoFramework
    /// does).
    /// </summary>
    public abstract class SimulatedBoschChip : System.Device.I2c.I2cDevice, II2cDevice
    {
        private readonly Func<long> _nowMilliseconds;
        private readonly I2cConnectionSettings _settings;
        private readonly object _gate = new object();
        private int _pointer;
        private BoschChipFault _fault;
        private int _faultTransfers;
        private int _faultDelay;
        private bool _converting;
        private long _conversionEndsAt = -1;

        /// <param name="address">0x76 or 0x77.</param>
        /// <param name="nowMilliseconds">Virtual time for conversion timing; null makes conversions instant.</param>
        protected SimulatedBoschChip(int address, Func<long> nowMilliseconds)
        {
            Address = address;
            _nowMilliseconds = nowMilliseconds;
            _settings = new I2cConnectionSettings(1, address);
        }

        public int Address { get; }

        public override I2cConnectionSettings ConnectionSettings => _settings;

        /// <summary>The id the chip answers at 0xD0.</summary>
        public abstract int ChipId { get; }

        /// <summary>The id register's content under <see cref="BoschChipFault.WrongChipId"/>: another chip of the family.</summary>
        public int ImpostorId { get; set; }

        /// <summary>
        /// Bus faults seen through the <see cref="System.Device.I2c.I2cDevice"/> view as nanoFramework's I2cDevice gives
        /// them to a binding that ignores the result: no exception, writes lost, reads leaving the buffer as it was.
        /// </summary>
        public bool SilentBusErrors { get; set; }

        /// <summary>The air the chip measures, unless <see cref="Environment"/> is set.</summary>
        public double TemperatureCelsius { get; set; } = 21.0;

        public double HumidityPercent { get; set; } = 45.0;

        public double PressurePascals { get; set; } = 101325.0;

        /// <summary>When set, asked at each conversion for (°C, %RH, Pa): a simulated room, for example.</summary>
        public Func<(double Celsius, double Percent, double Pascals)> Environment { get; set; }

        /// <summary>Conversions performed.</summary>
        public int Conversions { get; protected set; }

        /// <summary>Bus transactions seen (each Write, Read or WriteRead).</summary>
        public int Transactions { get; private set; }

        /// <summary>The fault in force now (an injection waiting for its first transaction is not yet).</summary>
        public BoschChipFault ActiveFault => _faultDelay > 0 ? BoschChipFault.None : _fault;

        /// <summary>The registers, for the subclass's chip.</summary>
        protected byte[] Registers { get; } = new byte[256];

        /// <summary>True when conversions take virtual time.</summary>
        protected bool Timed => _nowMilliseconds != null;

        protected long Now => _nowMilliseconds();

        /// <summary>
        /// Injects a fault for <paramref name="transactions"/> bus transactions (-1: until cleared), starting after
        /// <paramref name="after"/> more transactions (0: at once), so a fault can strike in the middle of a driver's read.
        /// </summary>
        public void Inject(BoschChipFault fault, int transactions = -1, int after = 0)
        {
            lock (_gate)
            {
                _fault = fault;
                _faultTransfers = transactions;
                _faultDelay = after;
            }
        }

        public void ClearFault() => Inject(BoschChipFault.None);

        /// <summary>The register's current content (no bus traffic, no fault).</summary>
        public byte PeekRegister(int register)
        {
            lock (_gate)
            {
                Advance();
                return Registers[register];
            }
        }

        // ---- II2cDevice: the firmware's port (statuses, never exceptions) ----

        public I2cResult Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                BoschChipFault fault = BeginTransaction();
                if (fault == BoschChipFault.AddressNack)
                {
                    return new I2cResult(I2cStatus.AddressNotAcknowledged, 0);
                }

                WriteBytes(new ReadOnlySpan<byte>(buffer, offset, count));
                return new I2cResult(I2cStatus.FullTransfer, count);
            }
        }

        public I2cResult WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount)
        {
            lock (_gate)
            {
                BoschChipFault fault = BeginTransaction();
                if (fault == BoschChipFault.AddressNack)
                {
                    return new I2cResult(I2cStatus.AddressNotAcknowledged, 0);
                }

                WriteBytes(new ReadOnlySpan<byte>(writeBuffer, writeOffset, writeCount));
                int delivered = fault == BoschChipFault.ShortTransfer && readCount > 0 ? readCount - 1 : readCount;
                ReadBytes(new Span<byte>(readBuffer, readOffset, delivered), fault);
                return delivered == readCount
                    ? new I2cResult(I2cStatus.FullTransfer, writeCount + readCount)
                    : new I2cResult(I2cStatus.PartialTransfer, writeCount + delivered);
            }
        }

        // ---- System.Device.I2c.I2cDevice: the bindings' view ----

        public override void Read(Span<byte> buffer)
        {
            lock (_gate)
            {
                BoschChipFault fault = BeginTransaction();
                if (!BusDelivers(fault))
                {
                    return;
                }

                ReadBytes(fault == BoschChipFault.ShortTransfer && buffer.Length > 0 ? buffer.Slice(0, buffer.Length - 1) : buffer, fault);
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate)
            {
                if (BusDelivers(BeginTransaction()))
                {
                    WriteBytes(buffer);
                }
            }
        }

        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            lock (_gate)
            {
                BoschChipFault fault = BeginTransaction();
                if (!BusDelivers(fault))
                {
                    return;
                }

                WriteBytes(writeBuffer);
                ReadBytes(fault == BoschChipFault.ShortTransfer && readBuffer.Length > 0 ? readBuffer.Slice(0, readBuffer.Length - 1) : readBuffer, fault);
            }
        }

        /// <summary>The air at a conversion: <see cref="Environment"/>'s, else the set values.</summary>
        protected (double Celsius, double Percent, double Pascals) Air() =>
            Environment != null ? Environment() : (TemperatureCelsius, HumidityPercent, PressurePascals);

        /// <summary>
        /// The raw temperature, pressure and humidity one conversion leaves at these oversampling codes (a skipped
        /// channel its reset value), converted at the chip's own temperature reading and quantised to the oversampling's
        /// resolution (16 bits at ×1, one more per doubling, 20 at ×16), with the chip's data faults applied.
        /// </summary>
        protected (int Temperature, int Pressure, int Humidity) RawClimate(IClimateModel model, int osrsT, int osrsP, int osrsH)
        {
            (double celsius, double percent, double pascals) = Air();
            int rawT = osrsT != 0 ? model.RawTemperature(celsius, Resolution(osrsT)) : 0x80000;
            model.Temperature(rawT, out double fine);
            int rawP = osrsP != 0 ? model.RawPressure(pascals, fine, Resolution(osrsP)) : 0x80000;
            int rawH = osrsH != 0 ? model.RawHumidity(percent, fine) : 0x8000;
            return ActiveFault switch
            {
                BoschChipFault.SkippedConversion => (0x80000, 0x80000, 0x8000),
                BoschChipFault.DataAllOnes => (0xFFFFF, 0xFFFFF, 0xFFFF),
                BoschChipFault.DataAllZeros => (0, 0, 0),
                BoschChipFault.TemperatureStuck => (0xFFFFF, rawP, rawH),
                BoschChipFault.PressureStuck => (rawT, 0xFFFFF, rawH),
                BoschChipFault.HumidityStuck => (rawT, rawP, 0xFFFF),
                _ => (rawT, rawP, rawH),
            };
        }

        /// <summary>Writes a 20-bit result as msb, lsb and the top nibble of xlsb (all ones under <see cref="BoschChipFault.DataAllOnes"/>).</summary>
        protected void Set20(int at, int raw)
        {
            Registers[at] = (byte)(raw >> 12);
            Registers[at + 1] = (byte)(raw >> 4);
            Registers[at + 2] = (byte)(ActiveFault == BoschChipFault.DataAllOnes ? 0xFF : (raw & 0x0F) << 4);
        }

        private static int Resolution(int osrs) => 15 + Math.Min(osrs, 5);

        // A brown-out during the conversion resets the chip instead of leaving results.
        private void FinishConversion()
        {
            _converting = false;
            if (ActiveFault == BoschChipFault.ResetDuringConversion)
            {
                PowerOn();
                return;
            }

            ConversionFinished();
        }

        /// <summary>True while a forced conversion runs.</summary>
        protected bool Converting => _converting;

        /// <summary>
        /// Starts a forced conversion that takes <paramref name="milliseconds"/> when the chip is timed and finishes at
        /// once otherwise; under <see cref="BoschChipFault.ConversionHangs"/> it never finishes.
        /// </summary>
        protected void StartConversion(long milliseconds)
        {
            _converting = true;
            if (ActiveFault == BoschChipFault.ConversionHangs)
            {
                _conversionEndsAt = long.MaxValue;
                return;
            }

            if (!Timed)
            {
                FinishConversion();
                return;
            }

            _conversionEndsAt = Now + milliseconds;
        }

        /// <summary>Forgets a running conversion (a reset).</summary>
        protected void StopConversion()
        {
            _converting = false;
            _conversionEndsAt = -1;
        }

        /// <summary>Moves the chip on by the time passed (called before every access): a conversion whose time has come finishes.</summary>
        protected virtual void Advance()
        {
            if (_converting && Timed && _conversionEndsAt != long.MaxValue && Now >= _conversionEndsAt)
            {
                FinishConversion();
            }
        }

        /// <summary>What a finished conversion leaves: the results, the status, the mode back to sleep.</summary>
        protected abstract void ConversionFinished();

        /// <summary>The power-on reset (also the soft reset): registers to their reset values, calibration from NVM.</summary>
        protected abstract void PowerOn();

        /// <summary>What a register write does on this chip.</summary>
        protected abstract void WriteRegister(byte register, byte value);

        // A NACK or (desktop) a short read: the Linux driver throws; nanoFramework's returns a status the bindings ignore.
        private bool BusDelivers(BoschChipFault fault)
        {
            if (fault == BoschChipFault.AddressNack)
            {
                if (SilentBusErrors)
                {
                    return false;
                }

                throw new IOException("Error 6 performing I2C data transfer (address not acknowledged)");
            }

            if (fault == BoschChipFault.ShortTransfer && !SilentBusErrors)
            {
                throw new IOException("Error performing I2C data transfer: the read ended early");
            }

            return true;
        }

        private BoschChipFault BeginTransaction()
        {
            Transactions++;
            Advance();
            if (_faultDelay > 0)
            {
                _faultDelay--;
                return BoschChipFault.None;
            }

            BoschChipFault fault = _fault;
            if (_faultTransfers > 0 && --_faultTransfers == 0)
            {
                _fault = BoschChipFault.None;
            }

            return fault;
        }

        // Register address, then register/value pairs.
        private void WriteBytes(ReadOnlySpan<byte> data)
        {
            if (data.Length == 0)
            {
                return;
            }

            if (data.Length == 1)
            {
                _pointer = data[0];
                return;
            }

            for (int i = 0; i + 1 < data.Length; i += 2)
            {
                WriteRegister(data[i], data[i + 1]);
                _pointer = data[i];
            }
        }

        private void ReadBytes(Span<byte> buffer, BoschChipFault fault)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                int register = (_pointer + i) & 0xFF;
                buffer[i] = register == 0xD0 && fault == BoschChipFault.WrongChipId ? (byte)ImpostorId : Registers[register];
            }

            _pointer = (_pointer + buffer.Length) & 0xFF;
        }
    }
}
