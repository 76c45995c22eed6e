using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmxx80;
using Firmware.Ports;
using Iot.Device.Bmxx80;
using Bme680Driver = Iot.Device.Bmxx80.Bme680;
using Iot.Device.Bmxx80.PowerMode;
using UnitsNet;

namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>
    /// A BME680 through the desktop Iot.Device.Bindings (4.2.0; dotnet/iot's Bme680, which nanoFramework's package
    /// ports), set up as the ESP32's package binding sets it up: heater profile 1 at the board's set-point, gas off
    /// except for a gas reading, the heater's target computed again when the chip's temperature moved by 2 °C. A
    /// read takes the steps of the binding's Read (forced mode, the wait it computes with the heater, then each value)
    /// through its public members, with the wait on the device's clock instead of a real sleep: the simulated chip
    /// converts (and heats) in that time, and the firmware's ledger sees it.
    /// </summary>
    public sealed class DesktopBme680Binding : IBme680Binding
    {
        private const int DefaultAmbientCenti = 2000;
        private const int AmbientStepCenti = 200;

        private readonly System.Device.I2c.I2cDevice _device;
        private readonly IClock _clock;
        private readonly GasHeaterProfile _heater;
        private Bme680Driver _bme680;
        private bool _gasOn;
        private int _ambientCenti;

        public DesktopBme680Binding(System.Device.I2c.I2cDevice device, IClock clock, GasHeaterProfile heater)
        {
            _device = device;
            _clock = clock;
            _heater = heater;
        }

        public void Open()
        {
            // Dropped, never disposed: Dispose would dispose the device the guard shares.
            _bme680 = null;
            Bme680Driver chip = new Bme680Driver(_device, Temperature.FromDegreesCelsius(DefaultAmbientCenti / 100.0));
            Configure(chip, DefaultAmbientCenti);
            chip.GasConversionIsEnabled = false;
            _gasOn = false;
            _bme680 = chip;
        }

        public int Read(int[] values)
        {
            Gas(false);
            return Take(values);
        }

        public int ReadWithGas(int ambientCentiCelsius, int[] values)
        {
            if (System.Math.Abs(ambientCentiCelsius - _ambientCenti) >= AmbientStepCenti)
            {
                Configure(_bme680, ambientCentiCelsius);
            }

            Gas(true);
            return Take(values);
        }

        private int Take(int[] values)
        {
            _bme680.SetPowerMode(Bme680PowerMode.Forced);
            _clock.Sleep((int)_bme680.GetMeasurementDuration(_bme680.HeaterProfile).Milliseconds);
            int mask = 0;
            if (_bme680.TryReadTemperature(out Temperature temperature) && DesktopBindingValue.Store(temperature.DegreesCelsius, 100, values, Bmxx80Values.Temperature))
            {
                mask |= 1 << Bmxx80Values.Temperature;
            }

            if (_bme680.TryReadPressure(out Pressure pressure) && DesktopBindingValue.Store(pressure.Pascals, 1, values, Bmxx80Values.Pressure))
            {
                mask |= 1 << Bmxx80Values.Pressure;
            }

            if (_bme680.TryReadHumidity(out RelativeHumidity humidity) && DesktopBindingValue.Store(humidity.Percent, 100, values, Bmxx80Values.Humidity))
            {
                mask |= 1 << Bmxx80Values.Humidity;
            }

            if (_bme680.TryReadGasResistance(out ElectricResistance gas) && DesktopBindingValue.Store(gas.Ohms, 1, values, Bmxx80Values.GasResistance))
            {
                mask |= 1 << Bmxx80Values.GasResistance;
            }

            return mask;
        }

        private void Configure(Bme680Driver chip, int ambientCenti)
        {
            chip.ConfigureHeatingProfile(Bme680HeaterProfile.Profile1, Temperature.FromDegreesCelsius(_heater.TargetCelsius),
                Duration.FromMilliseconds(_heater.Milliseconds), Temperature.FromDegreesCelsius(ambientCenti / 100.0));
            chip.HeaterProfile = Bme680HeaterProfile.Profile1;
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
    }
}
