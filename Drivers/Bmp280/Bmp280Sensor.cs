using Firmware.Drivers.Bmxx80;
using Firmware.Drivers.Bus;
using Firmware.Ports;

namespace Firmware.Drivers.Bmp280
{
    /// <summary>
    /// A BMP280 (temperature and pressure, no humidity) read through a binding library (nanoFramework's
    /// Iot.Device.Bmxx80 on ESP32) inside our guard (<see cref="BoschGuard"/>): each wake the chip id through the
    /// drivers' own I²C port, the binding's forced conversion, one checked burst of the status, control and raw data
    /// registers, and the chip id again. Any disagreement is a fault for that wake and never a value: a wrong or
    /// missing id, a conversion or NVM copy still running, a chip no longer configured (reset), raw registers holding a
    /// stuck or skipped pattern, the binding throwing or calling a value invalid, a value outside the chip's operating
    /// range. A stuck pressure channel invalidates pressure only; anything else wrong with the chip or the temperature
    /// (which pressure is compensated with) invalidates both. After a failed wake the binding is built afresh (it reads
    /// the calibration again, which the guard then checks). One attempt per wake: the next wake tries again.
    /// </summary>
    public sealed class Bmp280Sensor : GuardedBindingSensor
    {
        public const int TemperatureChannel = 0;
        public const int PressureChannel = 1;

        private readonly byte[] _burst = new byte[Bmp280Register.BurstLength];
        private readonly byte[] _calibration = new byte[Bmp280Register.CalibrationLength];

        /// <param name="device">The drivers' I²C port to the chip (the binding talks to the same device).</param>
        /// <param name="binding">The binding the chip is read through.</param>
        /// <param name="chipId">The id the board found at boot (0x58, or 0x56/0x57 on samples).</param>
        public Bmp280Sensor(II2cDevice device, IBmxx80Binding binding, int chipId)
            : base(
                "bmp280",
                "bmp280 at 0x" + Hex.Byte(device.Address) + ": ",
                new BoschGuard(device, binding, chipId),
                new SensorChannel[] { new SensorChannel("temperature", "Cel", -2), new SensorChannel("pressure", "Pa", 0) },
                new int[] { Bmxx80Values.Temperature, Bmxx80Values.Pressure },
                new int[Bmxx80Values.Count])
        {
        }

        protected override int Convert()
        {
            if (!Guard.CheckId("before the read") || !Guard.EnsureOpen())
            {
                return 0;
            }

            if (Guard.JustOpened && !CalibrationUsable())
            {
                return 0;
            }

            int valid = Guard.Read(Results);
            if (valid < 0 || !Guard.ReadRegisters(Bmp280Register.Status, _burst, _burst.Length, "status and data") || !StatusSaysDone())
            {
                return 0;
            }

            if (!Guard.CheckId("after the read"))
            {
                return 0;
            }

            return Accept(valid);
        }

        private bool CalibrationUsable()
        {
            if (!Guard.ReadRegisters(Bmp280Register.Calibration, _calibration, _calibration.Length, "calibration"))
            {
                return false;
            }

            if (RawRegisters.Uniform(_calibration, 0, _calibration.Length, 0x00) || RawRegisters.Uniform(_calibration, 0, _calibration.Length, 0xFF))
            {
                return Guard.Fail("calibration reads all " + (_calibration[0] == 0 ? "zeros" : "ones"));
            }

            if ((_calibration[0] | _calibration[1]) == 0 || (_calibration[6] | _calibration[7]) == 0)
            {
                return Guard.Fail("calibration has dig_T1 or dig_P1 of zero");
            }

            return true;
        }

        // status (0xF3) and ctrl_meas (0xF4) after the binding's conversion: done, NVM copied, asleep, still configured.
        private bool StatusSaysDone()
        {
            byte status = _burst[0];
            byte control = _burst[1];
            if ((status & Bmp280Register.StatusMeasuring) != 0)
            {
                return Guard.Fail("status 0x" + Hex.Byte(status) + ": the conversion is still running after the binding's read");
            }

            if ((status & Bmp280Register.StatusImageUpdate) != 0)
            {
                return Guard.Fail("status 0x" + Hex.Byte(status) + ": the NVM copy is still running (the chip has just reset)");
            }

            if (((control >> 5) & 0x07) == 0 || ((control >> 2) & 0x07) == 0)
            {
                return Guard.Fail("ctrl_meas reads 0x" + Hex.Byte(control) + " after the read, not the oversampling the binding wrote (the chip has reset)");
            }

            if ((control & Bmp280Register.ModeMask) != 0)
            {
                return Guard.Fail("ctrl_meas reads 0x" + Hex.Byte(control) + " after the read: not back asleep after the forced conversion");
            }

            return true;
        }

        // The binding's values that the raw registers and the operating range back (bits of Bmxx80Values).
        private int Accept(int valid)
        {
            if (RawRegisters.Uniform(_burst, 4, 6, 0x00))
            {
                return Guard.Refuse("data registers read all zeros (SDA held low?)");
            }

            if (RawRegisters.Uniform(_burst, 4, 6, 0xFF))
            {
                return Guard.Refuse("data registers read all ones (bus floating?)");
            }

            // Pressure is compensated with the temperature's fine value: a temperature not to trust leaves nothing.
            string stuck = RawRegisters.Stuck20("temperature", RawRegisters.Raw20(_burst, 7));
            if (!BindingChannel.Temperature(Guard, stuck, valid, Results))
            {
                return 0;
            }

            int mask = 1 << Bmxx80Values.Temperature;
            stuck = RawRegisters.Stuck20("pressure", RawRegisters.Raw20(_burst, 4));
            if (BindingChannel.Pressure(Guard, stuck, valid, Results))
            {
                mask |= 1 << Bmxx80Values.Pressure;
            }

            return mask;
        }
    }
}
