using Firmware.Drivers.Bmxx80;
using Firmware.Ports;

namespace Firmware.Drivers.Bme680
{
    /// <summary>
    /// A BME680's climate channels, temperature, humidity and pressure (the BME280's, in its order), from one forced
    /// conversion without the gas heater through <see cref="Bme680Chip"/>'s guard. A chip-level disagreement or a
    /// stuck temperature gives no value; a stuck pressure or humidity invalidates that channel only.
    /// </summary>
    public sealed class Bme680Sensor : GuardedBindingSensor
    {
        public const int TemperatureChannel = 0;
        public const int HumidityChannel = 1;
        public const int PressureChannel = 2;

        private readonly Bme680Chip _chip;

        public Bme680Sensor(Bme680Chip chip)
            : base(
                "bme680",
                "bme680 at " + chip.Prefix,
                chip.Guard,
                new SensorChannel[]
                {
                    new SensorChannel("temperature", "Cel", -2),
                    new SensorChannel("humidity", "%RH", -2),
                    new SensorChannel("pressure", "Pa", 0),
                },
                new int[] { Bmxx80Values.Temperature, Bmxx80Values.Humidity, Bmxx80Values.Pressure },
                chip.Results)
        {
            _chip = chip;
        }

        public Bme680Chip Chip
        {
            get { return _chip; }
        }

        protected override int Convert()
        {
            return _chip.MeasureClimate();
        }
    }
}
