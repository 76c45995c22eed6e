using Firmware.Drivers.Bmxx80;
using Firmware.Ports;

namespace Firmware.Drivers.Bme680
{
    /// <summary>
    /// A BME680's climate channels, temperature, humidity and pressure (the BME280's, in its order), from one forced
    /// conversion without the gas heater through <see cref="Bme680Chip"/>'s guard. A chip-level disagreement or a
    /// stuck temperature gives no value; a stuck pressure or humidity invalidates that channel only.
    /// </summary>
    public sealed class Bme680Sensor : ISensor
    {
        public const int TemperatureChannel = 0;
        public const int HumidityChannel = 1;
        public const int PressureChannel = 2;
        private const int AllChannels = 0x7;

        private readonly Bme680Chip _chip;
        private readonly SensorHealth _health;
        private readonly SensorChannel[] _channels;

        public Bme680Sensor(Bme680Chip chip)
        {
            _chip = chip;
            _health = new SensorHealth("bme680 at " + chip.Prefix);
            _channels = new SensorChannel[]
            {
                new SensorChannel("temperature", "Cel", -2),
                new SensorChannel("humidity", "%RH", -2),
                new SensorChannel("pressure", "Pa", 0),
            };
        }

        public string Name
        {
            get { return "bme680"; }
        }

        public int ChannelCount
        {
            get { return _channels.Length; }
        }

        public string Fault
        {
            get { return _health.Fault; }
        }

        public SensorHealth Health
        {
            get { return _health; }
        }

        public Bme680Chip Chip
        {
            get { return _chip; }
        }

        public SensorChannel GetChannel(int index)
        {
            return _channels[index];
        }

        public int Measure(int[] values, int offset)
        {
            int valid = _chip.MeasureClimate();
            int[] results = _chip.Results;
            int mask = 0;
            mask |= Take(valid, Bmxx80Values.Temperature, results, values, offset + TemperatureChannel, TemperatureChannel);
            mask |= Take(valid, Bmxx80Values.Humidity, results, values, offset + HumidityChannel, HumidityChannel);
            mask |= Take(valid, Bmxx80Values.Pressure, results, values, offset + PressureChannel, PressureChannel);
            _health.Record(mask, AllChannels, _chip.Guard.Problem);
            return mask;
        }

        private static int Take(int valid, int result, int[] results, int[] values, int at, int channel)
        {
            bool ok = (valid & (1 << result)) != 0;
            values[at] = ok ? results[result] : 0;
            return ok ? 1 << channel : 0;
        }
    }
}
