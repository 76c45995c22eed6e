using System;
using Firmware.Host.Hardware.Bmxx80;

namespace Firmware.Host.Hardware.Bmp280
{
    /// <summary>
    /// A register-level BMP280 (chip id 0x58; temperature and pressure, no humidity registers) with the datasheet's
    /// example calibration (<see cref="Bmp280CalibrationBlock"/>): see <see cref="SimulatedBmx280"/>. Under
    /// <see cref="BoschChipFault.WrongChipId"/> it answers a BME280's id.
    /// </summary>
    public sealed class SimulatedBmp280 : SimulatedBmx280
    {
        /// <param name="address">0x76 or 0x77.</param>
        /// <param name="nowMilliseconds">Virtual time for conversion timing; null makes conversions instant.</param>
        public SimulatedBmp280(int address = 0x76, Func<long> nowMilliseconds = null, byte[] calibration = null)
            : base(address, nowMilliseconds, 0x58, calibration ?? Bmp280CalibrationBlock.Coefficients(), null)
        {
            ImpostorId = 0x60;
        }
    }
}
