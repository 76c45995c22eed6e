namespace Firmware.Drivers.Bus
{
    /// <summary>One push-pull digital output (a GPIO pin driven as an output).</summary>
    public interface IDigitalOutput
    {
        /// <summary>Drives the pin high (true) or low (false).</summary>
        void Write(bool high);
    }
}
