using System.Device.I2c;
using Firmware.Drivers.Bmxx80;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.ReadResult;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// A BMP280 through nanoFramework's Iot.Device.Bmxx80 package (1.2.931): its <c>Bmp280</c> on the same
    /// <see cref="I2cDevice"/> as the guard's port. The package's constructor checks the id (0x58 only), reads the
    /// calibration, soft-resets the chip and sets ×1 oversampling of temperature and pressure with the filter off; its
    /// <c>Read</c> starts a forced conversion, sleeps the time it computes (14 ms at ×1) and reads the results. It
    /// ignores every transfer's status, which is why the firmware reads it inside <see cref="BoschGuard"/>.
    /// </summary>
    public sealed class PackageBmp280Binding : IBmxx80Binding
    {
        private readonly I2cDevice _device;
        private Bmp280 _bmp280;

        public PackageBmp280Binding(I2cDevice device)
        {
            _device = device;
        }

        public void Open()
        {
            // The old object is dropped, never disposed: its Dispose would close the I2cDevice the guard shares.
            _bmp280 = null;
            _bmp280 = new Bmp280(_device);
        }

        public int Read(int[] values)
        {
            Bmp280ReadResult result = _bmp280.Read();
            int mask = 0;
            if (result.TemperatureIsValid && BindingValue.Store(result.Temperature.DegreesCelsius, 100, values, Bmxx80Values.Temperature))
            {
                mask |= 1 << Bmxx80Values.Temperature;
            }

            if (result.PressureIsValid && BindingValue.Store(result.Pressure.Pascals, 1, values, Bmxx80Values.Pressure))
            {
                mask |= 1 << Bmxx80Values.Pressure;
            }

            return mask;
        }
    }
}
