using System.Device.Gpio;
using Firmware.Drivers.Bus;

namespace Firmware.Esp32.Adapters
{
    /// <summary>
    /// A GPIO driven as a push-pull output (System.Device.Gpio 1.1.62). GpioPin.Write works only once the pin is
    /// an output, so the pin is opened as Output and the relay driver writes the off level straight after; in
    /// between it is low for microseconds, far shorter than a relay's operate time. Until the firmware runs
    /// (reset, boot, deep sleep) the pin floats: the board needs a pull resistor that holds the relay off.
    /// </summary>
    public sealed class Esp32DigitalOutput : IDigitalOutput
    {
        private readonly GpioPin _pin;

        public Esp32DigitalOutput(GpioController controller, int pinNumber)
        {
            _pin = controller.OpenPin(pinNumber, PinMode.Output);
        }

        public void Write(bool high)
        {
            _pin.Write(high ? PinValue.High : PinValue.Low);
        }
    }
}
