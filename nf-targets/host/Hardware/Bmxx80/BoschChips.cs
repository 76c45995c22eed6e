using System;
using Firmware.Host.Hardware.Bme280;
using Firmware.Host.Hardware.Bme680;
using Firmware.Host.Hardware.Bmp280;

namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>The simulated chips a board's climate sensor can be, by name.</summary>
    public static class BoschChips
    {
        /// <summary>The names <see cref="Create"/> takes.</summary>
        public static readonly string[] Names = { "bmp280", "bme280", "bme680" };

        /// <summary>
        /// A simulated chip at <paramref name="address"/>, converting in <paramref name="nowMilliseconds"/>'s time (the
        /// device's: the firmware's driver, or the host's binding adapter, waits on the device's clock). Bus faults reach
        /// a binding as they do on nanoFramework: silently.
        /// </summary>
        public static SimulatedBoschChip Create(string name, int address, Func<long> nowMilliseconds)
        {
            SimulatedBoschChip chip = name switch
            {
                "bmp280" => new SimulatedBmp280(address, nowMilliseconds),
                "bme280" => new SimulatedBme280(address, nowMilliseconds),
                "bme680" => new SimulatedBme680(address, nowMilliseconds),
                _ => throw new ArgumentException($"no simulated chip '{name}' (bmp280, bme280 or bme680)", nameof(name)),
            };
            chip.SilentBusErrors = true;
            return chip;
        }
    }
}
