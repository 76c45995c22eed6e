namespace Firmware.Host.Hardware.Bmxx80
{
    /// <summary>Faults the simulated chips of the Bosch family can inject (<see cref="SimulatedBoschChip.Inject"/>).</summary>
    public enum BoschChipFault
    {
        None,

        /// <summary>Nobody acknowledges the address (chip missing, unpowered, wrong address, broken wire).</summary>
        AddressNack,

        /// <summary>Reads end one byte early (a glitch, a chip that stopped answering mid-transfer).</summary>
        ShortTransfer,

        /// <summary>The id register reads another chip's id (<see cref="SimulatedBoschChip.ImpostorId"/>): the wrong chip fitted.</summary>
        WrongChipId,

        /// <summary>Conversions leave the data registers at their reset values (0x80000 / 0x8000: "skipped").</summary>
        SkippedConversion,

        /// <summary>Data registers read all ones (SDA pulled high, nobody driving it).</summary>
        DataAllOnes,

        /// <summary>Data registers read all zeros (SDA held low).</summary>
        DataAllZeros,

        /// <summary>The temperature result register is stuck at all ones; the other channels convert.</summary>
        TemperatureStuck,

        /// <summary>The pressure result register is stuck at all ones; the other channels convert.</summary>
        PressureStuck,

        /// <summary>The humidity result register is stuck at all ones (chips with humidity); the other channels convert.</summary>
        HumidityStuck,

        /// <summary>The gas resistance result is stuck at all ones (BME680); gas_valid_r and heat_stab_r still set.</summary>
        GasStuck,

        /// <summary>A started conversion never finishes: measuring stays set and the mode stays forced.</summary>
        ConversionHangs,

        /// <summary>The chip resets during each conversion (brown-out): settings and data back to reset values.</summary>
        ResetDuringConversion,

        /// <summary>The NVM copy never ends: status im_update reads set (BMx280).</summary>
        ImageUpdateStuck,

        /// <summary>The gas heater never reaches its target: heat_stab_r stays clear (BME680).</summary>
        HeaterUnstable,
    }
}
