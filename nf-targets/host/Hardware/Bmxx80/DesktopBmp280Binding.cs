using Firmware.Drivers.Bmxx80;
using Firmware.Ports;
using Iot.Device.Bmxx80;
using Bmp280Driver = Iot.Device.Bmxx80.Bmp280;
using Iot.Device.Bmxx80.PowerMode;
using UnitsNet;

namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>
    /// A BMP280 through the desktop Iot.Device.Bindings (4.2.0; dotnet/iot's Bmp280, the code nanoFramework's package
    /// is ported from, with the same constructor and configuration), on the same simulated device as the guard's port:
    /// the host's counterpart of the ESP32's package binding. A read takes the steps of the binding's Read (forced
    /// mode, the wait it computes, temperature and pressure) through its public members, with the wait on the device's
    /// clock instead of a real sleep: the simulated chip converts in that time, and the firmware's ledger sees it.
    /// </summary>
    public sealed class DesktopBmp280Binding : IBmxx80Binding
    {
        private readonly System.Device.I2c.I2cDevice _device;
        private readonly IClock _clock;
        private Bmp280Driver _bmp280;

        public DesktopBmp280Binding(System.Device.I2c.I2cDevice device, IClock clock)
        {
            _device = device;
            _clock = clock;
        }

        public void Open()
        {
            // Dropped, never disposed: Dispose would dispose the device the guard shares.
            _bmp280 = null;
            _bmp280 = new Bmp280Driver(_device);
        }

        public int Read(int[] values)
        {
            if (_bmp280.ReadPowerMode() != Bmx280PowerMode.Normal)
            {
                _bmp280.SetPowerMode(Bmx280PowerMode.Forced);
                _clock.Sleep(_bmp280.GetMeasurementDuration());
            }

            int mask = 0;
            if (_bmp280.TryReadTemperature(out Temperature temperature) && DesktopBindingValue.Store(temperature.DegreesCelsius, 100, values, Bmxx80Values.Temperature))
            {
                mask |= 1 << Bmxx80Values.Temperature;
            }

            if (_bmp280.TryReadPressure(out Pressure pressure) && DesktopBindingValue.Store(pressure.Pascals, 1, values, Bmxx80Values.Pressure))
            {
                mask |= 1 << Bmxx80Values.Pressure;
            }

            return mask;
        }
    }
}
