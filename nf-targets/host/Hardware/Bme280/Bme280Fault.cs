namespace Firmware.Host.Hardware.Bme280
{
    /// <summary>Faults the simulated BME280 can inject.</summary>
    public enum Bme280Fault
    {
        None,

        /// <summary>Nobody acknowledges the address (chip missing, unpowered, wrong address, broken wire).</summary>
        AddressNack,

        /// <summary>Reads end one byte early (a glitch, a chip that stopped answering mid-transfer).</summary>
        ShortTransfer,

        /// <summary>The id register reads 0x58: a BMP280 fitted where a BME280 belongs.</summary>
        WrongChipId,

        /// <summary>Conversions leave the data registers at their reset values (0x80000 / 0x8000: "skipped").</summary>
        SkippedConversion,

        /// <summary>Data registers read all ones (SDA pulled high, nobody driving it).</summary>
        DataAllOnes,

        /// <summary>Data registers read all zeros (SDA held low).</summary>
        DataAllZeros,

        /// <summary>A started conversion never finishes: measuring stays set and the mode stays forced.</summary>
        ConversionHangs,

        /// <summary>The chip resets during each conversion (brown-out): settings and data back to reset values.</summary>
        ResetDuringConversion,
    }
}
