namespace Firmware.Drivers.Bmxx80
{
    /// <summary>
    /// One chip read through a binding library: nanoFramework's Iot.Device.Bmxx80 package on ESP32, the desktop
    /// Iot.Device.Bindings on the host. The binding does its own bus traffic and reports nothing about it (it ignores
    /// every transfer's status), so <see cref="BoschGuard"/> checks the chip around each read through the drivers' own
    /// I²C port. Implementations convert the binding's units to the fixed-point integers of <see cref="Bmxx80Values"/>.
    /// </summary>
    public interface IBmxx80Binding
    {
        /// <summary>
        /// Builds the binding's driver object afresh on the chip: the binding identifies the chip, reads its
        /// calibration, resets it and writes its configuration. Called before the first read and again after any
        /// failed one (the chip may have been reset or replaced since). Throws what the binding throws.
        /// </summary>
        void Open();

        /// <summary>
        /// One forced conversion of temperature, pressure and, where the chip has it, humidity, without the gas heater.
        /// Writes <see cref="Bmxx80Values.Count"/> values and returns the mask (bit i for value i) of those the binding
        /// calls valid and that are finite numbers. Throws what the binding throws.
        /// </summary>
        int Read(int[] values);
    }
}
