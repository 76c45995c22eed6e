namespace Firmware.Drivers.Bmxx80
{
    /// <summary>A BME680 read through a binding library: besides <see cref="IBmxx80Binding.Read"/>, a conversion with the gas heater.</summary>
    public interface IBme680Binding : IBmxx80Binding
    {
        /// <summary>
        /// One forced conversion with the gas heater on, at the heater profile the binding was built with; the heater's
        /// target resistance is computed for <paramref name="ambientCentiCelsius"/>. Fills the values as
        /// <see cref="IBmxx80Binding.Read"/> does, the gas resistance included. Throws what the binding throws.
        /// </summary>
        int ReadWithGas(int ambientCentiCelsius, int[] values);
    }
}
