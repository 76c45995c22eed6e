namespace Firmware.Drivers.Bus
{
    /// <summary>
    /// How an I²C transfer ended. Numbered as nanoFramework's System.Device.I2c.I2cTransferStatus
    /// (UnknownError, FullTransfer, ClockStretchTimeout, PartialTransfer, SlaveAddressNotAcknowledged),
    /// so the ESP32 adapter converts by value.
    /// </summary>
    public enum I2cStatus
    {
        UnknownError = 0,
        FullTransfer = 1,
        ClockStretchTimeout = 2,
        PartialTransfer = 3,
        AddressNotAcknowledged = 4,
    }
}
