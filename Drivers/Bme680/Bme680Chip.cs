using Firmware.Drivers.Bmxx80;
using Firmware.Drivers.Bus;

namespace Firmware.Drivers.Bme680
{
    /// <summary>
    /// A BME680 read through a binding library inside our guard (<see cref="BoschGuard"/>), shared by the two sensors a
    /// board gets from it: the climate (<see cref="Bme680Sensor"/>: temperature, humidity, pressure, no heater) and the
    /// gas resistance (<see cref="Bme680GasSensor"/>: a conversion with the heater, which the device skips on a low
    /// battery). Each measurement is one forced conversion through the binding, guarded: the chip id before and after,
    /// one checked burst of the status and raw data registers (a finished conversion with new data, nothing still
    /// running; for gas a real gas conversion with the heater at its target), one of the control registers (still
    /// configured as the binding left it, asleep, gas run only when asked), the raw results checked for stuck and
    /// skipped patterns. Each time the binding is built its calibration is read and checked too: the bindings read
    /// par_t3, par_p3, par_p6, par_p7 and range_sw_err as unsigned where Bosch's API reads them signed, so a chip with
    /// a negative one would get wrong values from them; such a chip is a fault, not a source of values.
    /// Allocation-free except to describe a fault.
    /// </summary>
    public sealed class Bme680Chip
    {
        private const int DefaultAmbientCenti = 2000;

        private readonly BoschGuard _guard;
        private readonly int[] _results = new int[Bmxx80Values.Count];
        private readonly byte[] _field = new byte[Bme680Register.FieldLength];
        private readonly byte[] _control = new byte[Bme680Register.ControlLength];
        private readonly byte[] _calibration1 = new byte[Bme680Register.Calibration1Length];
        private readonly byte[] _calibration2 = new byte[Bme680Register.Calibration2Length];
        private readonly byte[] _calibration3 = new byte[Bme680Register.Calibration3Length];
        private string _climateCalibration;
        private string _gasCalibration;

        /// <param name="device">The drivers' I²C port to the chip (the binding talks to the same device).</param>
        /// <param name="binding">The binding the chip is read through, built with <paramref name="heater"/>.</param>
        public Bme680Chip(II2cDevice device, IBme680Binding binding, GasHeaterProfile heater)
        {
            string invalid = heater.Validate();
            if (invalid != null)
            {
                throw new System.ArgumentException(invalid, "heater");
            }

            _guard = new BoschGuard(device, binding, BoschChip.Bme680);
            Heater = heater;
            Prefix = "0x" + Hex.Byte(device.Address) + ": ";
            LastTemperatureCenti = DefaultAmbientCenti;
        }

        public BoschGuard Guard
        {
            get { return _guard; }
        }

        public GasHeaterProfile Heater { get; private set; }

        /// <summary>"0x76: ", for the sensors' faults.</summary>
        public string Prefix { get; private set; }

        /// <summary>The results of the last measurement, indexed by <see cref="Bmxx80Values"/>; valid as its mask says.</summary>
        public int[] Results
        {
            get { return _results; }
        }

        /// <summary>The last valid temperature (20 °C before the first): the heater's target resistance is computed for it.</summary>
        public int LastTemperatureCenti { get; private set; }

        /// <summary>Conversions with the heater (each costs its charge).</summary>
        public int GasConversions { get; private set; }

        /// <summary>
        /// One conversion without the heater, within a measurement the guard has begun (<see cref="Bme680Sensor"/>'s): the
        /// mask (bits of <see cref="Bmxx80Values"/>) of temperature, pressure and humidity that passed the guard.
        /// </summary>
        public int MeasureClimate()
        {
            if (!Prepare())
            {
                return 0;
            }

            if (_climateCalibration != null)
            {
                return _guard.Refuse(_climateCalibration);
            }

            int valid = _guard.Read(_results);
            if (valid < 0 || !CheckAfterRead(false))
            {
                return 0;
            }

            return AcceptClimate(valid);
        }

        /// <summary>
        /// One conversion with the heater, within a measurement the guard has begun (<see cref="Bme680GasSensor"/>'s): the
        /// gas resistance's bit when it passed the guard, else 0.
        /// </summary>
        public int MeasureGas()
        {
            if (!Prepare())
            {
                return 0;
            }

            if (_gasCalibration != null)
            {
                return _guard.Refuse(_gasCalibration);
            }

            GasConversions++;
            int valid = _guard.ReadWithGas(LastTemperatureCenti, _results);
            if (valid < 0 || !CheckAfterRead(true))
            {
                return 0;
            }

            byte lsb = _field[Bme680Register.FieldGasLsb];
            if ((lsb & Bme680Register.GasValid) == 0)
            {
                return _guard.Refuse("gas_r_lsb 0x" + Hex.Byte(lsb) + ": no gas conversion took place (gas_valid_r clear)");
            }

            if ((lsb & Bme680Register.HeatStable) == 0)
            {
                return _guard.Refuse("gas_r_lsb 0x" + Hex.Byte(lsb) + ": the heater did not reach " + Heater.TargetCelsius.ToString() + " C in "
                    + Heater.Milliseconds.ToString() + " ms (heat_stab_r clear)");
            }

            int raw = (_field[Bme680Register.FieldGasMsb] << 2) | (lsb >> 6);
            if (raw == 0 || raw == 0x3FF)
            {
                return _guard.Refuse("gas resistance reads the stuck value 0x" + (raw == 0 ? "000" : "3FF"));
            }

            if ((valid & (1 << Bmxx80Values.GasResistance)) == 0 || _results[Bmxx80Values.GasResistance] <= 0)
            {
                return _guard.Refuse("the binding gave no gas resistance");
            }

            return 1 << Bmxx80Values.GasResistance;
        }

        // The chip id, the binding built when it is not, and its calibration checked when it was just built.
        private bool Prepare()
        {
            if (!_guard.CheckId("before the read") || !_guard.EnsureOpen())
            {
                return false;
            }

            return !_guard.JustOpened || CheckCalibration();
        }

        private bool CheckCalibration()
        {
            if (!_guard.ReadRegisters(Bme680Register.Calibration1, _calibration1, _calibration1.Length, "calibration")
                || !_guard.ReadRegisters(Bme680Register.Calibration2, _calibration2, _calibration2.Length, "calibration")
                || !_guard.ReadRegisters(Bme680Register.Calibration3, _calibration3, _calibration3.Length, "calibration"))
            {
                return false;
            }

            _climateCalibration = null;
            _gasCalibration = null;
            if (RawRegisters.Uniform(_calibration1, 0, _calibration1.Length, 0x00) || RawRegisters.Uniform(_calibration1, 0, _calibration1.Length, 0xFF))
            {
                _climateCalibration = "calibration reads all " + (_calibration1[0] == 0 ? "zeros" : "ones");
                _gasCalibration = _climateCalibration;
                return true;
            }

            int t1 = _calibration2[8] | (_calibration2[9] << 8);
            int p1 = _calibration1[4] | (_calibration1[5] << 8);
            if (t1 == 0 || p1 == 0)
            {
                _climateCalibration = "calibration has par_t1 or par_p1 of zero";
            }
            else
            {
                _climateCalibration = Signed("par_t3", _calibration1[2]) ?? Signed("par_p3", _calibration1[8])
                    ?? Signed("par_p6", _calibration1[15]) ?? Signed("par_p7", _calibration1[14]);
            }

            // range_sw_err is the signed top nibble of 0x04.
            int rangeSwitchingError = _calibration3[4] >> 4;
            if (rangeSwitchingError > 7)
            {
                _gasCalibration = "calibration range_sw_err is " + (rangeSwitchingError - 16).ToString() + ", which the binding reads as "
                    + rangeSwitchingError.ToString() + ": its gas resistance would be wrong";
            }

            return true;
        }

        private static string Signed(string name, byte value)
        {
            if (value < 0x80)
            {
                return null;
            }

            return "calibration " + name + " is " + (value - 256).ToString() + ", which the binding reads as " + value.ToString() + ": its values would be wrong";
        }

        // Field 0 and the control registers after the binding's conversion, then the chip id again.
        private bool CheckAfterRead(bool gas)
        {
            if (!_guard.ReadRegisters(Bme680Register.Field, _field, _field.Length, "status and data")
                || !_guard.ReadRegisters(Bme680Register.Control, _control, _control.Length, "control"))
            {
                return false;
            }

            byte status = _field[0];
            if ((status & (Bme680Register.StatusMeasuring | Bme680Register.StatusGasMeasuring)) != 0)
            {
                return _guard.Fail("meas_status_0 0x" + Hex.Byte(status) + ": the conversion is still running after the binding's read");
            }

            if ((status & Bme680Register.StatusNewData) == 0)
            {
                return _guard.Fail("meas_status_0 0x" + Hex.Byte(status) + ": no new data after the binding's read (no conversion finished)");
            }

            byte measurement = _control[Bme680Register.ControlMeasurement];
            if (((measurement >> 5) & 0x07) == 0 || ((measurement >> 2) & 0x07) == 0 || (_control[Bme680Register.ControlHumidity] & 0x07) == 0)
            {
                return _guard.Fail("ctrl_meas 0x" + Hex.Byte(measurement) + ", ctrl_hum 0x" + Hex.Byte(_control[Bme680Register.ControlHumidity])
                    + " after the read, not the oversampling the binding wrote (the chip has reset)");
            }

            if ((measurement & Bme680Register.ModeMask) != 0)
            {
                return _guard.Fail("ctrl_meas reads 0x" + Hex.Byte(measurement) + " after the read: not back asleep after the forced conversion");
            }

            byte gas1 = _control[Bme680Register.ControlGas1];
            if (((gas1 & Bme680Register.RunGas) != 0) != gas)
            {
                return _guard.Fail("ctrl_gas_1 reads 0x" + Hex.Byte(gas1) + ": the gas conversion was " + (gas ? "asked for but is off" : "not asked for but is on"));
            }

            if (gas && (_control[Bme680Register.ControlGas0] & Bme680Register.HeatOff) != 0)
            {
                return _guard.Fail("ctrl_gas_0 reads 0x" + Hex.Byte(_control[Bme680Register.ControlGas0]) + ": the heater is switched off");
            }

            return _guard.CheckId("after the read");
        }

        private int AcceptClimate(int valid)
        {
            if (RawRegisters.Uniform(_field, Bme680Register.FieldPressure, 8, 0x00))
            {
                return _guard.Refuse("data registers read all zeros (SDA held low?)");
            }

            if (RawRegisters.Uniform(_field, Bme680Register.FieldPressure, 8, 0xFF))
            {
                return _guard.Refuse("data registers read all ones (bus floating?)");
            }

            // Pressure and humidity are compensated with the temperature: a temperature not to trust leaves nothing.
            string stuck = RawRegisters.Stuck20("temperature", RawRegisters.Raw20(_field, Bme680Register.FieldTemperature));
            if (!BindingChannel.Temperature(_guard, stuck, valid, _results))
            {
                return 0;
            }

            LastTemperatureCenti = _results[Bmxx80Values.Temperature];
            int mask = 1 << Bmxx80Values.Temperature;
            stuck = RawRegisters.Stuck20("pressure", RawRegisters.Raw20(_field, Bme680Register.FieldPressure));
            if (BindingChannel.Pressure(_guard, stuck, valid, _results))
            {
                mask |= 1 << Bmxx80Values.Pressure;
            }

            stuck = RawRegisters.Stuck16("humidity", RawRegisters.Raw16(_field, Bme680Register.FieldHumidity));
            if (BindingChannel.Humidity(_guard, stuck, valid, _results))
            {
                mask |= 1 << Bmxx80Values.Humidity;
            }

            return mask;
        }
    }
}
