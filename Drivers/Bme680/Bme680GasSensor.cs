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
    public sealed class Bme680GasSensor : ISensor
    {
        private readonly Bme680Chip _chip;
        private readonly SensorHealth _health;
        private readonly SensorChannel[] _channels;

        public Bme680GasSensor(Bme680Chip chip)
        {
            _chip = chip;
            _health = new SensorHealth("bme680 gas at " + chip.Prefix);
            _channels = new SensorChannel[] { new SensorChannel("gas_resistance", "Ohm", 0) };
        }

        public string Name
        {
            get { return "bme680-gas"; }
        }

        public int ChannelCount
        {
            get { return 1; }
        }

        public string Fault
        {
            get { return _health.Fault; }
        }

        public SensorHealth Health
        {
            get { return _health; }
        }

        public SensorChannel GetChannel(int index)
        {
            return _channels[index];
        }

        public int Measure(int[] values, int offset)
        {
            int mask = _chip.MeasureGas() != 0 ? 1 : 0;
            values[offset] = mask != 0 ? _chip.Results[Bmxx80Values.GasResistance] : 0;
            _health.Record(mask, 1, _chip.Guard.Problem);
            return mask;
        }
    }
}
