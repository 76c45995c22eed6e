using System;
using System.Device.I2c;
using System.IO;
using Firmware.Drivers.Bus;

namespace Firmware.Host.Hardware.Bme280
{
    /// <summary>
    /// A register-level BME280 on an I²C bus. It holds a real chip's calibration registers and turns the
    /// temperature, humidity and pressure it is given into the raw conversion results that chip would report
    /// (by inverting the datasheet's compensation), so any driver's own compensation runs on it. It follows the
    /// datasheet's register behaviour: chip id, soft reset, ctrl_hum taking effect only with the next ctrl_meas
    /// write, forced conversions that take the typical measurement time of the chosen oversampling (when given a
    /// clock) with the status "measuring" bit set meanwhile, results quantised to that oversampling's resolution,
    /// reset values (the "skipped" sentinels) in the data registers, burst reads with auto-increment and
    /// register/value pairs on write.
    ///
    /// It is both a <see cref="System.Device.I2c.I2cDevice"/> (so the desktop Iot.Device.Bmxx80 driver talks to it;
    /// bus errors surface as IOException, as on Linux) and an <see cref="II2cDevice"/> (so the firmware's guarded
    /// driver does; bus errors are returned as statuses, as nanoFramework does). Faults are injected with
    /// <see cref="Inject"/>.
    /// </summary>
    public sealed class SimulatedBme280 : System.Device.I2c.I2cDevice, II2cDevice
    {
        private readonly byte[] _registers = new byte[256];
        private readonly byte[] _calibration1;
        private readonly byte[] _calibration2;
        private readonly Bme280ReferenceModel _model;
        private readonly Func<long> _nowMilliseconds;
        private readonly I2cConnectionSettings _settings;
        private readonly object _gate = new object();
        private int _pointer;
        private byte _latchedHumidityOversampling;
        private long _conversionEndsAt = -1;
        private bool _converting;
        private Bme280Fault _fault;
        private int _faultTransfers;

        /// <param name="address">0x76 or 0x77.</param>
        /// <param name="nowMilliseconds">Virtual time for conversion timing; null makes conversions instant.</param>
        public SimulatedBme280(int address = 0x76, Func<long> nowMilliseconds = null, byte[] calibration1 = null, byte[] calibration2 = null)
        {
            Address = address;
            _nowMilliseconds = nowMilliseconds;
            _settings = new I2cConnectionSettings(1, address);
            _calibration1 = calibration1 ?? Bme280CalibrationBlock.Block1();
            _calibration2 = calibration2 ?? Bme280CalibrationBlock.Block2();
            _model = new Bme280ReferenceModel(_calibration1, _calibration2);
            PowerOn();
        }

        public int Address { get; }

        public override I2cConnectionSettings ConnectionSettings => _settings;

        /// <summary>The air the chip measures, unless <see cref="Environment"/> is set.</summary>
        public double TemperatureCelsius { get; set; } = 21.0;

        public double HumidityPercent { get; set; } = 45.0;

        public double PressurePascals { get; set; } = 101325.0;

        /// <summary>When set, asked at each conversion for (°C, %RH, Pa): a simulated room, for example.</summary>
        public Func<(double Celsius, double Percent, double Pascals)> Environment { get; set; }

        /// <summary>Conversions performed.</summary>
        public int Conversions { get; private set; }

        /// <summary>Bus transactions seen (each Write, Read or WriteRead).</summary>
        public int Transactions { get; private set; }

        /// <summary>Injects a fault for the next <paramref name="transactions"/> bus transactions (-1: until cleared).</summary>
        public void Inject(Bme280Fault fault, int transactions = -1)
        {
            lock (_gate)
            {
                _fault = fault;
                _faultTransfers = transactions;
            }
        }

        public void ClearFault() => Inject(Bme280Fault.None);

        public Bme280Fault ActiveFault => _fault;

        /// <summary>The register's current content (no bus traffic, no fault).</summary>
        public byte PeekRegister(int register)
        {
            lock (_gate)
            {
                Advance();
                return _registers[register];
            }
        }

        // ---- II2cDevice: the firmware's port (statuses, never exceptions) ----

        public I2cResult Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                Bme280Fault fault = BeginTransaction();
                if (fault == Bme280Fault.AddressNack)
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
                Bme280Fault fault = BeginTransaction();
                if (fault == Bme280Fault.AddressNack)
                {
                    return new I2cResult(I2cStatus.AddressNotAcknowledged, 0);
                }

                WriteBytes(new ReadOnlySpan<byte>(writeBuffer, writeOffset, writeCount));
                int delivered = fault == Bme280Fault.ShortTransfer && readCount > 0 ? readCount - 1 : readCount;
                ReadBytes(new Span<byte>(readBuffer, readOffset, delivered), fault);
                return delivered == readCount
                    ? new I2cResult(I2cStatus.FullTransfer, writeCount + readCount)
                    : new I2cResult(I2cStatus.PartialTransfer, writeCount + delivered);
            }
        }

        // ---- System.Device.I2c.I2cDevice: the desktop bindings' view (exceptions, like the Linux driver) ----

        public override void Read(Span<byte> buffer)
        {
            lock (_gate)
            {
                Bme280Fault fault = BeginTransaction();
                ThrowOnBusFault(fault);
                ReadBytes(buffer, fault);
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate)
            {
                ThrowOnBusFault(BeginTransaction());
                WriteBytes(buffer);
            }
        }

        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            lock (_gate)
            {
                Bme280Fault fault = BeginTransaction();
                ThrowOnBusFault(fault);
                WriteBytes(writeBuffer);
                ReadBytes(readBuffer, fault);
            }
        }

        private static void ThrowOnBusFault(Bme280Fault fault)
        {
            if (fault == Bme280Fault.AddressNack)
            {
                throw new IOException("Error 6 performing I2C data transfer (address not acknowledged)");
            }

            if (fault == Bme280Fault.ShortTransfer)
            {
                throw new IOException("Error performing I2C data transfer: the read ended early");
            }
        }

        private Bme280Fault BeginTransaction()
        {
            Transactions++;
            Advance();
            Bme280Fault fault = _fault;
            if (_faultTransfers > 0 && --_faultTransfers == 0)
            {
                _fault = Bme280Fault.None;
            }

            return fault;
        }

        // Register address, then register/value pairs (datasheet 6.2.1: no auto-increment on writes).
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

        private void ReadBytes(Span<byte> buffer, Bme280Fault fault)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                int register = (_pointer + i) & 0xFF;
                byte value = _registers[register];
                if (register == 0xD0 && fault == Bme280Fault.WrongChipId)
                {
                    value = 0x58;
                }

                buffer[i] = value;
            }

            _pointer = (_pointer + buffer.Length) & 0xFF;
        }

        private void WriteRegister(byte register, byte value)
        {
            switch (register)
            {
                case 0xE0:
                    if (value == 0xB6)
                    {
                        PowerOn();
                    }

                    break;
                case 0xF2:
                    _registers[0xF2] = (byte)(value & 0x07);
                    break;
                case 0xF5:
                    _registers[0xF5] = (byte)(value & 0xFD);
                    break;
                case 0xF4:
                    _registers[0xF4] = value;
                    _latchedHumidityOversampling = _registers[0xF2];
                    int mode = value & 0x03;
                    if (mode == 0x01 || mode == 0x02)
                    {
                        StartConversion();
                    }
                    else if (mode == 0x03)
                    {
                        Convert();
                    }

                    break;
            }
        }

        private void StartConversion()
        {
            _converting = true;
            _registers[0xF3] |= 0x08;
            if (_fault == Bme280Fault.ConversionHangs)
            {
                _conversionEndsAt = long.MaxValue;
                return;
            }

            if (_nowMilliseconds == null)
            {
                FinishConversion();
                return;
            }

            int t = (_registers[0xF4] >> 5) & 0x07;
            int p = (_registers[0xF4] >> 2) & 0x07;
            int micros = Firmware.Drivers.Bme280.Bme280Oversampling.TypicalMicroseconds(t, p, _latchedHumidityOversampling);
            _conversionEndsAt = _nowMilliseconds() + ((micros + 999) / 1000);
        }

        // Completes a running conversion once its time has come; normal mode converts on every access.
        private void Advance()
        {
            if (_converting && _nowMilliseconds != null && _conversionEndsAt != long.MaxValue && _nowMilliseconds() >= _conversionEndsAt)
            {
                FinishConversion();
            }
            else if (!_converting && (_registers[0xF4] & 0x03) == 0x03)
            {
                Convert();
            }
        }

        private void FinishConversion()
        {
            _converting = false;
            if (_fault == Bme280Fault.ResetDuringConversion)
            {
                PowerOn();
                return;
            }

            Convert();
            _registers[0xF3] &= 0xF7;
            if ((_registers[0xF4] & 0x03) != 0x03)
            {
                _registers[0xF4] &= 0xFC;
            }
        }

        private void Convert()
        {
            Conversions++;
            int osrsT = (_registers[0xF4] >> 5) & 0x07;
            int osrsP = (_registers[0xF4] >> 2) & 0x07;
            int osrsH = _latchedHumidityOversampling & 0x07;
            (double celsius, double percent, double pascals) = Environment != null ? Environment() : (TemperatureCelsius, HumidityPercent, PressurePascals);

            int rawT = 0x80000;
            int rawP = 0x80000;
            int rawH = 0x8000;
            if (osrsT != 0)
            {
                rawT = _model.RawTemperature(celsius, Resolution(osrsT));
            }

            // Pressure and humidity are converted at the chip's own temperature reading.
            _model.Temperature(rawT, out double fine);
            if (osrsP != 0)
            {
                rawP = _model.RawPressure(pascals, fine, Resolution(osrsP));
            }

            if (osrsH != 0)
            {
                rawH = _model.RawHumidity(percent, fine);
            }

            switch (_fault)
            {
                case Bme280Fault.SkippedConversion:
                    rawT = 0x80000;
                    rawP = 0x80000;
                    rawH = 0x8000;
                    break;
                case Bme280Fault.DataAllOnes:
                    rawT = 0xFFFFF;
                    rawP = 0xFFFFF;
                    rawH = 0xFFFF;
                    break;
                case Bme280Fault.DataAllZeros:
                    rawT = 0;
                    rawP = 0;
                    rawH = 0;
                    break;
            }

            SetData(rawP, rawT, rawH);
            if (_fault == Bme280Fault.DataAllOnes)
            {
                _registers[0xF9] = 0xFF;
                _registers[0xFC] = 0xFF;
            }
        }

        private static int Resolution(int osrs) => 15 + Math.Min(osrs, 5);

        private void SetData(int rawP, int rawT, int rawH)
        {
            _registers[0xF7] = (byte)(rawP >> 12);
            _registers[0xF8] = (byte)(rawP >> 4);
            _registers[0xF9] = (byte)((rawP & 0x0F) << 4);
            _registers[0xFA] = (byte)(rawT >> 12);
            _registers[0xFB] = (byte)(rawT >> 4);
            _registers[0xFC] = (byte)((rawT & 0x0F) << 4);
            _registers[0xFD] = (byte)(rawH >> 8);
            _registers[0xFE] = (byte)rawH;
        }

        // Power-on reset (also the soft reset): registers to their reset values, calibration from NVM.
        private void PowerOn()
        {
            Array.Clear(_registers);
            _calibration1.CopyTo(_registers, 0x88);
            _calibration2.CopyTo(_registers, 0xE1);
            _registers[0xD0] = 0x60;
            _registers[0xD1] = 0x00;
            _latchedHumidityOversampling = 0;
            _converting = false;
            _conversionEndsAt = -1;
            SetData(0x80000, 0x80000, 0x8000);
        }
    }
}
