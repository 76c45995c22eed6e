using Firmware.Drivers.Bme680;

namespace Firmware.Drivers.Bmxx80
{
    /// <summary>Makes the binding for the chip a board found at boot (the target's: the nanoFramework package on ESP32, the desktop one on the host).</summary>
    public interface IBmxx80Bindings
    {
        IBmxx80Binding Bmp280();

        /// <param name="heater">The gas heater's set-point (the board's, chosen for its power budget).</param>
        IBme680Binding Bme680(GasHeaterProfile heater);
    }
}
