using System.Device.I2c;
using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmxx80;

namespace Firmware.Esp32.Adapters
{
    /// <summary>The nanoFramework package's bindings on the board's sensor <see cref="I2cDevice"/>, for the chip found at boot.</summary>
    public sealed class PackageBindings : IBmxx80Bindings
    {
        private readonly I2cDevice _device;

        public PackageBindings(I2cDevice device)
        {
            _device = device;
        }

        public IBmxx80Binding Bmp280()
        {
            return new PackageBmp280Binding(_device);
        }

        public IBme680Binding Bme680(GasHeaterProfile heater)
        {
            return new PackageBme680Binding(_device, heater);
        }
    }
}
