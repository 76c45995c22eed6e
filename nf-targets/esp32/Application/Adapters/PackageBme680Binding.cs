using System.Device.I2c;
using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmxx80;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.ReadResult;
using UnitsNet;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// A BME680 through nanoFramework's Iot.Device.Bmxx80 package (1.2.931): its <c>Bme680</c> on the same
    /// <see cref="I2cDevice"/> as the guard's port. The package's constructor checks the id, reads the calibration,
    /// soft-resets the chip, sets ×1 oversampling of all three channels, the filter off, and heater profile 1 at 320 °C
    /// for 150 ms with gas on; this adapter then sets profile 1 to the board's heater and switches gas off, so only a
    /// gas reading runs the heater. <c>Read</c> starts a forced conversion, sleeps the time it computes (heater
    /// included) and reads the results, ignoring every transfer's status: the firmware reads it inside
    /// <see cref="Bme680Chip"/>'s guard. The heater's target is computed for an ambient temperature; it is set again
    /// when the chip's own reading differs from the last one used by 2 °C or more.
    /// </summary>
    public sealed class PackageBme680Binding : IBme680Binding
    {
        private const int DefaultAmbientCenti = 2000;
        private const int AmbientStepCenti = 200;

        private readonly I2cDevice _device;
        private readonly GasHeaterProfile _heater;
        private Bme680 _bme680;
        private bool _gasOn;
        private int _ambientCenti;

        public PackageBme680Binding(I2cDevice device, GasHeaterProfile heater)
        {
            _device = device;
            _heater = heater;
        }

        public void Open()
        {
            // The old object is dropped, never disposed: its Dispose would close the I2cDevice the guard shares.
            _bme680 = null;
            Bme680 chip = new Bme680(_device, Temperature.FromDegreesCelsius(DefaultAmbientCenti / 100.0));
            Configure(chip, DefaultAmbientCenti);
            chip.GasConversionIsEnabled = false;
            _gasOn = false;
            _bme680 = chip;
        }

        public int Read(int[] values)
        {
            Gas(false);
            return Store(_bme680.Read(), values);
        }

        public int ReadWithGas(int ambientCentiCelsius, int[] values)
        {
            int difference = ambientCentiCelsius - _ambientCenti;
            if (difference >= AmbientStepCenti || difference <= -AmbientStepCenti)
            {
                Configure(_bme680, ambientCentiCelsius);
            }

            Gas(true);
            return Store(_bme680.Read(), values);
        }

        private void Configure(Bme680 chip, int ambientCenti)
        {
            chip.ConfigureHeatingProfile(Iot.Device.Bmxx80.Bme680HeaterProfile.Profile1, Temperature.FromDegreesCelsius(_heater.TargetCelsius),
                Duration.FromMilliseconds(_heater.Milliseconds), Temperature.FromDegreesCelsius(ambientCenti / 100.0));
            chip.HeaterProfile = Iot.Device.Bmxx80.Bme680HeaterProfile.Profile1;
            _ambientCenti = ambientCenti;
        }

        private void Gas(bool on)
        {
            if (_gasOn != on)
            {
                _bme680.GasConversionIsEnabled = on;
                _gasOn = on;
            }
        }

        private static int Store(Bme680ReadResult result, int[] values)
        {
            int mask = 0;
            if (result.TemperatureIsValid && BindingValue.Store(result.Temperature.DegreesCelsius, 100, values, Bmxx80Values.Temperature))
            {
                mask |= 1 << Bmxx80Values.Temperature;
            }

            if (result.PressureIsValid && BindingValue.Store(result.Pressure.Pascals, 1, values, Bmxx80Values.Pressure))
            {
                mask |= 1 << Bmxx80Values.Pressure;
            }

            if (result.HumidityIsValid && BindingValue.Store(result.Humidity.Percent, 100, values, Bmxx80Values.Humidity))
            {
                mask |= 1 << Bmxx80Values.Humidity;
            }

            if (result.GasResistanceIsValid && BindingValue.Store(result.GasResistance.Ohms, 1, values, Bmxx80Values.GasResistance))
            {
                mask |= 1 << Bmxx80Values.GasResistance;
            }

            return mask;
        }
    }
}
