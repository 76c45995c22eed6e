using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmxx80;
using Firmware.Ports;

namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>The desktop Iot.Device.Bindings on a simulated chip's device, for the chip the board found at boot.</summary>
    public sealed class DesktopBindings : IBmxx80Bindings
    {
        private readonly System.Device.I2c.I2cDevice _device;
        private readonly IClock _clock;

        public DesktopBindings(System.Device.I2c.I2cDevice device, IClock clock)
        {
            _device = device;
            _clock = clock;
        }

        public IBmxx80Binding Bmp280() => new DesktopBmp280Binding(_device, _clock);

        public IBme680Binding Bme680(GasHeaterProfile heater) => new DesktopBme680Binding(_device, _clock, heater);
    }
}
