using Firmware.Drivers.Bmxx80;
using Firmware.Ports;

namespace Firmware.Drivers.Bme680
{
    /// <summary>
    /// A BME680's gas resistance (SenML unit "Ohm"), from one forced conversion with the heater through
    /// <see cref="Bme680Chip"/>'s guard. It is a sensor of its own so that the device can leave it out: a sensor whose
    /// channels are all gas resistances is not measured on a low battery (the heater is the chip's largest cost), and
    /// the time it takes is charged to the energy ledger's heater phase. Measure it after the chip's
    /// <see cref="Bme680Sensor"/>: the heater's target is computed for the temperature just read.
    /// </summary>
    public sealed class Bme680GasSensor : GuardedBindingSensor
    {
        private readonly Bme680Chip _chip;

        public Bme680GasSensor(Bme680Chip chip)
            : base(
                "bme680-gas",
                "bme680 gas at " + chip.Prefix,
                chip.Guard,
                new SensorChannel[] { new SensorChannel("gas_resistance", "Ohm", 0) },
                new int[] { Bmxx80Values.GasResistance },
                chip.Results)
        {
            _chip = chip;
        }

        protected override int Convert()
        {
            return _chip.MeasureGas();
        }
    }
}
