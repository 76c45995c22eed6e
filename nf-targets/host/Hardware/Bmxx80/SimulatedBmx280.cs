using System;
using Firmware.Drivers.Bme280;
using Firmware.Host.Hardware.Bme280;

namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>
    /// A register-level BME280 or BMP280 (the BMx280 chips: the same memory map, the BMP280 without humidity). It
    /// holds a chip's calibration registers and turns the temperature, humidity and pressure it is given into the raw
    /// conversion results that chip would report (by inverting the datasheet's compensation,
    /// <see cref="Bme280ReferenceModel"/>), so any driver's own compensation runs on it. It follows the datasheets'
    /// register behaviour: chip id, soft reset with the NVM copy (status im_update, 2 ms when timed), ctrl_hum taking
    /// effect only with the next ctrl_meas write, forced conversions that take the typical measurement time of the
    /// chosen oversampling (when given a clock) with the status "measuring" bit set meanwhile, results quantised to
    /// that oversampling's resolution, reset values (the "skipped" sentinels) in the data registers.
    /// </summary>
    public abstract class SimulatedBmx280 : SimulatedBoschChip
    {
        private const int StartupMilliseconds = 2;

        private readonly byte[] _calibration1;
        private readonly byte[] _calibration2;
        private readonly Bme280ReferenceModel _model;
        private readonly int _chipId;
        private byte _latchedHumidityOversampling;
        private long _imageCopiedAt = -1;

        /// <param name="calibration1">Registers 0x88.. (26 bytes with dig_H1 at 0xA1 on a BME280, 24 on a BMP280).</param>
        /// <param name="calibration2">Registers 0xE1..0xE7 (dig_H2..dig_H6), or null for a chip without humidity.</param>
        protected SimulatedBmx280(int address, Func<long> nowMilliseconds, int chipId, byte[] calibration1, byte[] calibration2)
            : base(address, nowMilliseconds)
        {
            _chipId = chipId;
            _calibration1 = calibration1;
            _calibration2 = calibration2;
            byte[] block1 = new byte[Bme280Register.Calibration1Length];
            Array.Copy(calibration1, block1, Math.Min(calibration1.Length, block1.Length));
            _model = new Bme280ReferenceModel(block1, calibration2 ?? new byte[Bme280Register.Calibration2Length]);
            PowerOn();
        }

        public override int ChipId => _chipId;

        /// <summary>True for a BME280; a BMP280 has no humidity sensor (no ctrl_hum, no humidity registers).</summary>
        public bool HasHumidity => _calibration2 != null;

        protected override void WriteRegister(byte register, byte value)
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
                    if (HasHumidity)
                    {
                        Registers[0xF2] = (byte)(value & 0x07);
                    }

                    break;
                case 0xF5:
                    Registers[0xF5] = (byte)(value & 0xFD);
                    break;
                case 0xF4:
                    Registers[0xF4] = value;
                    _latchedHumidityOversampling = Registers[0xF2];
                    int mode = value & 0x03;
                    if (mode == 0x01 || mode == 0x02)
                    {
                        Registers[0xF3] |= 0x08;
                        int t = (value >> 5) & 0x07;
                        int p = (value >> 2) & 0x07;
                        StartConversion((Bme280Oversampling.TypicalMicroseconds(t, p, _latchedHumidityOversampling) + 999) / 1000);
                    }
                    else if (mode == 0x03)
                    {
                        Convert();
                    }

                    break;
            }
        }

        // The NVM copy ends once its time has come; normal mode converts on every access.
        protected override void Advance()
        {
            if (ActiveFault == BoschChipFault.ImageUpdateStuck)
            {
                Registers[0xF3] |= 0x01;
            }
            else if (_imageCopiedAt >= 0 && (!Timed || Now >= _imageCopiedAt))
            {
                Registers[0xF3] &= 0xFE;
                _imageCopiedAt = -1;
            }

            base.Advance();
            if (!Converting && (Registers[0xF4] & 0x03) == 0x03)
            {
                Convert();
            }
        }

        protected override void ConversionFinished()
        {
            Convert();
            Registers[0xF3] &= 0xF7;
            if ((Registers[0xF4] & 0x03) != 0x03)
            {
                Registers[0xF4] &= 0xFC;
            }
        }

        private void Convert()
        {
            Conversions++;
            int osrsH = HasHumidity ? _latchedHumidityOversampling & 0x07 : 0;
            (int rawT, int rawP, int rawH) = RawClimate(_model, (Registers[0xF4] >> 5) & 0x07, (Registers[0xF4] >> 2) & 0x07, osrsH);
            SetData(rawP, rawT, rawH);
        }

        private void SetData(int rawP, int rawT, int rawH)
        {
            Set20(0xF7, rawP);
            Set20(0xFA, rawT);
            if (HasHumidity)
            {
                Registers[0xFD] = (byte)(rawH >> 8);
                Registers[0xFE] = (byte)rawH;
            }
        }

        protected override void PowerOn()
        {
            Array.Clear(Registers);
            _calibration1.CopyTo(Registers, 0x88);
            _calibration2?.CopyTo(Registers, 0xE1);
            Registers[0xD0] = (byte)_chipId;
            _latchedHumidityOversampling = 0;
            StopConversion();
            SetData(0x80000, 0x80000, 0x8000);
            Registers[0xF3] = 0x01;
            _imageCopiedAt = Timed ? Now + StartupMilliseconds : 0;
        }
    }
}
