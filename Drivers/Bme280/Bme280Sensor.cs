using Firmware.Drivers.Bmxx80;
using Firmware.Drivers.Bus;
using Firmware.Ports;

namespace Firmware.Drivers.Bme280
{
    /// <summary>
    /// A BME280 in forced mode, guarded: every wake it identifies the chip through a checked WriteRead,
    /// starts one conversion, sleeps for the datasheet's maximum conversion time and reads the status,
    /// control and data registers in one burst. Every transfer's outcome is checked; raw sentinel values
    /// (skipped conversion, all zeros, all ones) and physically impossible results are rejected per value.
    /// A measurement that fails is retried a bounded number of times; then the sensor is marked failed and
    /// its fault reported. A failed sensor gets one attempt per wake and recovers when it answers again
    /// (calibration is read afresh, since the chip may have been reset or replaced). Compensation is
    /// Bosch's integer one (<see cref="Bme280Calibration"/>). The per-sample path allocates nothing unless
    /// it has a fault to describe.
    /// </summary>
    public sealed class Bme280Sensor : ISensor
    {
        public const int TemperatureChannel = 0;
        public const int HumidityChannel = 1;
        public const int PressureChannel = 2;

        // Physically possible results: the sensor's operating range (datasheet table 1).
        private const int MinTemperatureCenti = -4000;
        private const int MaxTemperatureCenti = 8500;
        private const int MinPressurePascal = 30000;
        private const int MaxPressurePascal = 110000;

        private readonly II2cDevice _device;
        private readonly IClock _clock;
        private readonly Bme280Options _options;
        private readonly SensorChannel[] _channels;
        private readonly Bme280Calibration _calibration = new Bme280Calibration();
        private readonly CheckedRegisters _registers;
        private readonly byte[] _command = new byte[6];
        private readonly byte[] _calibration1 = new byte[Bme280Register.Calibration1Length];
        private readonly byte[] _calibration2 = new byte[Bme280Register.Calibration2Length];

        // status (0xF3), ctrl_meas (0xF4), config (0xF5), reserved (0xF6), then the data block (0xF7..0xFE).
        private readonly byte[] _burst = new byte[4 + Bme280Register.DataLength];
        private readonly int _waitMilliseconds;
        private readonly byte _controlMeasurement;

        // The channels the board's oversampling asks the chip to convert; a skipped one is never valid and never a fault.
        private readonly int _expectedChannels;
        private bool _calibrated;
        private string _attemptFault;

        public Bme280Sensor(II2cDevice device, IClock clock, Bme280Options options)
        {
            _device = device;
            _registers = new CheckedRegisters(device);
            _clock = clock;
            _options = options;
            _channels = new SensorChannel[]
            {
                new SensorChannel("temperature", "Cel", -2),
                new SensorChannel("humidity", "%RH", -2),
                new SensorChannel("pressure", "Pa", 0),
            };
            int microseconds = Bme280Oversampling.MaximumMicroseconds(options.TemperatureOversampling, options.PressureOversampling, options.HumidityOversampling);
            _waitMilliseconds = (microseconds + 999) / 1000;
            _controlMeasurement = (byte)((options.TemperatureOversampling << 5) | (options.PressureOversampling << 2) | Bme280Register.ModeForced);
            _expectedChannels = 1 << TemperatureChannel;
            if (options.HumidityOversampling != Bme280Oversampling.Skipped)
            {
                _expectedChannels |= 1 << HumidityChannel;
            }

            if (options.PressureOversampling != Bme280Oversampling.Skipped)
            {
                _expectedChannels |= 1 << PressureChannel;
            }
        }

        public string Name
        {
            get { return "bme280"; }
        }

        public int ChannelCount
        {
            get { return _channels.Length; }
        }

        public string Fault { get; private set; }

        /// <summary>True after a measurement failed on every attempt; false again once the chip answers.</summary>
        public bool Failed { get; private set; }

        /// <summary>Measurements that failed on every attempt (each is a reported fault, never a value).</summary>
        public int FailedMeasurements { get; private set; }

        /// <summary>Times the sensor came back after being marked failed.</summary>
        public int Recoveries { get; private set; }

        /// <summary>Attempts that failed and were retried or ended a measurement.</summary>
        public int FailedAttempts { get; private set; }

        /// <summary>Forced conversions started (each costs the chip's measurement energy).</summary>
        public int Conversions { get; private set; }

        public SensorChannel GetChannel(int index)
        {
            return _channels[index];
        }

        public int Measure(int[] values, int offset)
        {
            int attempts = Failed ? 1 : _options.MaxAttempts;
            int mask = 0;
            for (int attempt = 1; attempt <= attempts; attempt++)
            {
                _attemptFault = null;
                mask = Attempt(values, offset);
                if (mask == _expectedChannels)
                {
                    break;
                }

                FailedAttempts++;
                if (attempt < attempts)
                {
                    _clock.Sleep(_options.RetryDelayMilliseconds);
                }
            }

            if (mask == 0)
            {
                FailedMeasurements++;
                if (!Failed)
                {
                    Failed = true;
                    Fault = "bme280 at 0x" + Hex.Byte(_options.Address) + " failed after " + attempts.ToString() + " attempt(s): " + _attemptFault;
                }
                else
                {
                    Fault = "bme280 at 0x" + Hex.Byte(_options.Address) + " still failed: " + _attemptFault;
                }

                // Whatever answers next must prove itself again: identity and calibration.
                _calibrated = false;
                return 0;
            }

            if (Failed)
            {
                Failed = false;
                Recoveries++;
            }

            Fault = mask == _expectedChannels ? null : "bme280: " + _attemptFault;
            return mask;
        }

        // One wake's worth of bus traffic; returns the valid-channel mask and sets _attemptFault when not all are valid.
        private int Attempt(int[] values, int offset)
        {
            values[offset + TemperatureChannel] = 0;
            values[offset + HumidityChannel] = 0;
            values[offset + PressureChannel] = 0;

            if (!_registers.Read(Bme280Register.ChipId, _burst, 1))
            {
                return Fail("chip id read: " + _registers.Problem);
            }

            byte id = _burst[0];
            if (id != Bme280Register.Bme280Id)
            {
                return Fail(id >= 0x56 && id <= 0x58
                    ? "chip id 0x" + Hex.Byte(id) + " is a BMP280 (no humidity sensor), not a BME280"
                    : "unexpected chip id 0x" + Hex.Byte(id) + " (a BME280 answers 0x60)");
            }

            if (!_calibrated && !ReadCalibration())
            {
                return 0;
            }

            // ctrl_hum takes effect only with the following ctrl_meas write; config with filter off and the
            // shortest standby. Written every wake, so a chip reset since the last wake cannot skip a channel.
            _command[0] = Bme280Register.Config;
            _command[1] = 0x00;
            _command[2] = Bme280Register.ControlHumidity;
            _command[3] = (byte)_options.HumidityOversampling;
            _command[4] = Bme280Register.ControlMeasurement;
            _command[5] = _controlMeasurement;
            I2cResult result = _device.Write(_command, 0, 6);
            if (!result.IsComplete(6))
            {
                return Fail("start of conversion: " + result.Describe(6));
            }

            Conversions++;
            _clock.Sleep(_waitMilliseconds);
            if (!ReadBurst())
            {
                return 0;
            }

            return Convert(values, offset);
        }

        private bool ReadCalibration()
        {
            if (!_registers.Read(Bme280Register.Calibration1, _calibration1, _calibration1.Length)
                || !_registers.Read(Bme280Register.Calibration2, _calibration2, _calibration2.Length))
            {
                Fail("calibration read: " + _registers.Problem);
                return false;
            }

            string problem = _calibration.Load(_calibration1, 0, _calibration2, 0);
            if (problem != null)
            {
                Fail(problem);
                return false;
            }

            _calibrated = true;
            return true;
        }

        // Reads status..hum_lsb; polls a little longer if the conversion is still running.
        private bool ReadBurst()
        {
            for (int poll = 0; poll <= _options.MaxStatusPolls; poll++)
            {
                if (poll > 0)
                {
                    _clock.Sleep(1);
                }

                if (!_registers.Read(Bme280Register.Status, _burst, _burst.Length))
                {
                    Fail("data read: " + _registers.Problem);
                    return false;
                }

                bool measuring = (_burst[0] & Bme280Register.StatusMeasuring) != 0;
                bool sleeping = (_burst[1] & Bme280Register.ModeMask) == 0;
                if (!measuring && sleeping)
                {
                    if ((_burst[1] & ~Bme280Register.ModeMask) != (_controlMeasurement & ~Bme280Register.ModeMask))
                    {
                        Fail("ctrl_meas reads 0x" + Hex.Byte(_burst[1]) + " after the conversion, not the oversampling written (chip reset?)");
                        return false;
                    }

                    return true;
                }
            }

            Fail("conversion did not finish within " + (_waitMilliseconds + _options.MaxStatusPolls).ToString() + " ms");
            return false;
        }

        private int Convert(int[] values, int offset)
        {
            if (RawRegisters.Uniform(_burst, 4, Bme280Register.DataLength, 0x00))
            {
                return Fail("data registers read all zeros (SDA held low?)");
            }

            if (RawRegisters.Uniform(_burst, 4, Bme280Register.DataLength, 0xFF))
            {
                return Fail("data registers read all ones (bus floating?)");
            }

            int rawPressure = RawRegisters.Raw20(_burst, 4);
            int rawTemperature = RawRegisters.Raw20(_burst, 7);
            int rawHumidity = RawRegisters.Raw16(_burst, 10);

            // Temperature first: pressure and humidity are compensated with its fine value.
            string stuck = RawRegisters.Stuck20("temperature", rawTemperature);
            if (stuck != null)
            {
                return Fail(stuck);
            }

            int temperature = _calibration.CompensateTemperature(rawTemperature);
            if (temperature < MinTemperatureCenti || temperature > MaxTemperatureCenti)
            {
                return Fail("temperature " + temperature.ToString() + " cC is outside -40..85 C");
            }

            values[offset + TemperatureChannel] = temperature;
            int mask = 1 << TemperatureChannel;

            if (_options.HumidityOversampling == Bme280Oversampling.Skipped)
            {
                // Not converted by configuration: invalid, and not a fault.
            }
            else if ((stuck = RawRegisters.Stuck16("humidity", rawHumidity)) != null)
            {
                // Bosch's formula clamps a stuck 0x0000 or 0xFFFF to a plausible 0 or 100 %RH: a stuck channel, not a reading.
                Fail(stuck);
            }
            else
            {
                int q10 = _calibration.CompensateHumidityQ22_10(rawHumidity);
                values[offset + HumidityChannel] = ((q10 * 100) + 512) >> 10;
                mask |= 1 << HumidityChannel;
            }

            if (_options.PressureOversampling == Bme280Oversampling.Skipped)
            {
                // Not converted by configuration: invalid, and not a fault.
            }
            else if ((stuck = RawRegisters.Stuck20("pressure", rawPressure)) != null)
            {
                Fail(stuck);
            }
            else
            {
                long q8 = _calibration.CompensatePressureQ24_8(rawPressure);
                long pascal = (q8 + 128) >> 8;
                if (q8 < 0 || pascal < MinPressurePascal || pascal > MaxPressurePascal)
                {
                    Fail("pressure " + pascal.ToString() + " Pa is outside 300..1100 hPa");
                }
                else
                {
                    values[offset + PressureChannel] = (int)pascal;
                    mask |= 1 << PressureChannel;
                }
            }

            return mask;
        }

        private int Fail(string why)
        {
            if (_attemptFault == null)
            {
                _attemptFault = why;
            }

            return 0;
        }
    }
}
