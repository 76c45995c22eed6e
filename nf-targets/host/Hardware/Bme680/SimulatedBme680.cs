using System;
using Firmware.Drivers.Bme680;
using Firmware.Host.Hardware.Bmxx80;

namespace Firmware.Host.Hardware.Bme680
{
    /// <summary>
    /// A register-level BME680 (chip id 0x61): calibration in 0x8A..0xA0, 0xE1..0xEE and 0x00..0x04
    /// (<see cref="Bme680Coefficients"/>), the temperature, pressure, humidity and gas resistance it is given turned into
    /// the raw results such a chip would report (<see cref="Bme680ReferenceModel"/>). Register behaviour as the
    /// datasheet (BST-BME680-DS001, 3 and 5): soft reset, ctrl_hum taking effect with the next ctrl_meas write, a
    /// forced TPHG cycle (mode 01) that sets meas_status_0's measuring bit (and gas_measuring during the gas phase),
    /// then leaves new_data set, the results quantised to the oversampling's resolution and the chip asleep; a gas
    /// phase only when run_gas is set, using heater set-point nb_conv (res_heat_x, gas_wait_x): gas_valid_r set, and
    /// heat_stab_r set when the heater is on and its time reaches the 30 ms the plate takes to get to its target (the
    /// datasheet's 20–30 ms). With a clock the cycle takes the time the binding computes (heater included); without,
    /// it is instant. Counts the heater's time.
    /// </summary>
    public sealed class SimulatedBme680 : SimulatedBoschChip
    {
        /// <summary>The heater's time to reach its target (the datasheet's 20–30 ms, the upper figure).</summary>
        public const int HeaterSettleMilliseconds = 30;

        private readonly Bme680Coefficients _coefficients;
        private readonly Bme680ReferenceModel _model;
        private byte _latchedHumidityOversampling;

        public SimulatedBme680(int address = 0x77, Func<long> nowMilliseconds = null, Bme680Coefficients coefficients = null)
            : base(address, nowMilliseconds)
        {
            _coefficients = coefficients ?? Bme680Coefficients.Typical();
            _model = new Bme680ReferenceModel(_coefficients);
            ImpostorId = 0x60;
            PowerOn();
        }

        public override int ChipId => 0x61;

        /// <summary>The hot plate's resistance in the air it sees (clean indoor air is tens of kΩ; gases lower it).</summary>
        public double GasOhms { get; set; } = 50000.0;

        /// <summary>Conversions that ran the heater.</summary>
        public int GasConversions { get; private set; }

        /// <summary>The heater's time over all gas conversions, ms.</summary>
        public long HeaterMilliseconds { get; private set; }

        /// <summary>The heater's time of set-point <paramref name="x"/> as gas_wait_x encodes it: 6 bits of ms times 1, 4, 16 or 64.</summary>
        public int HeaterDuration(int x) => DecodeWait(Registers[0x64 + x]);

        protected override void WriteRegister(byte register, byte value)
        {
            if (register >= 0x50 && register <= 0x6D)
            {
                // idac_heat_x, res_heat_x, gas_wait_x.
                Registers[register] = value;
                return;
            }

            switch (register)
            {
                case 0xE0:
                    if (value == 0xB6)
                    {
                        PowerOn();
                    }

                    break;
                case 0x70:
                    Registers[0x70] = (byte)(value & 0x08);
                    break;
                case 0x71:
                    Registers[0x71] = (byte)(value & 0x1F);
                    break;
                case 0x72:
                    Registers[0x72] = (byte)(value & 0x47);
                    break;
                case 0x75:
                    Registers[0x75] = (byte)(value & 0x1C);
                    break;
                case 0x74:
                    Registers[0x74] = value;
                    _latchedHumidityOversampling = (byte)(Registers[0x72] & 0x07);
                    if ((value & 0x03) == 0x01)
                    {
                        // The binding's time (Bosch's API): the TPH cycle, the gas ADC and the heater's own time.
                        Registers[0x1D] = (byte)((Registers[0x1D] & 0x0F) | 0x20 | (GasRuns ? 0x40 : 0));
                        int micros = Bme680Energy.ConversionMicroseconds((value >> 5) & 0x07, (value >> 2) & 0x07, _latchedHumidityOversampling, GasRuns);
                        StartConversion(((micros + 999) / 1000) + (GasRuns ? HeaterDuration(Registers[0x71] & 0x0F) : 0));
                    }

                    break;
            }
        }

        private bool GasRuns => (Registers[0x71] & 0x10) != 0;

        protected override void ConversionFinished()
        {
            Convert();
            Registers[0x74] &= 0xFC;
        }

        private void Convert()
        {
            Conversions++;
            (int rawT, int rawP, int rawH) = RawClimate(_model, (Registers[0x74] >> 5) & 0x07, (Registers[0x74] >> 2) & 0x07, _latchedHumidityOversampling & 0x07);
            Set20(0x1F, rawP);
            Set20(0x22, rawT);
            Registers[0x25] = (byte)(rawH >> 8);
            Registers[0x26] = (byte)rawH;
            int profile = Registers[0x71] & 0x0F;
            if (GasRuns)
            {
                Gas(profile);
            }
            else
            {
                // A dummy gas slot: no valid gas result.
                Registers[0x2B] = (byte)(Registers[0x2B] & 0xCF);
            }

            Registers[0x1D] = (byte)(0x80 | profile);
        }

        private void Gas(int profile)
        {
            GasConversions++;
            bool heaterOn = (Registers[0x70] & 0x08) == 0 && Registers[0x5A + profile] != 0;
            int duration = HeaterDuration(profile);
            if (heaterOn)
            {
                HeaterMilliseconds += duration;
            }

            bool stable = heaterOn && duration >= HeaterSettleMilliseconds && ActiveFault != BoschChipFault.HeaterUnstable;
            (int raw, int range) = _model.RawGas(GasOhms);
            if (ActiveFault == BoschChipFault.GasStuck || ActiveFault == BoschChipFault.DataAllOnes)
            {
                raw = 0x3FF;
            }
            else if (ActiveFault == BoschChipFault.DataAllZeros)
            {
                raw = 0;
            }

            Registers[0x2A] = (byte)(raw >> 2);
            Registers[0x2B] = (byte)(((raw & 0x03) << 6) | 0x20 | (stable ? 0x10 : 0) | range);
        }

        private static int DecodeWait(byte value) => (value & 0x3F) * (1 << (2 * (value >> 6)));

        protected override void PowerOn()
        {
            Array.Clear(Registers);
            _coefficients.Block1().CopyTo(Registers, 0x8A);
            _coefficients.Block2().CopyTo(Registers, 0xE1);
            _coefficients.Block3().CopyTo(Registers, 0x00);
            Registers[0xD0] = 0x61;
            _latchedHumidityOversampling = 0;
            StopConversion();
            Set20(0x1F, 0x80000);
            Set20(0x22, 0x80000);
            Registers[0x25] = 0x80;
            Registers[0x26] = 0x00;
        }
    }
}
