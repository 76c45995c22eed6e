using System;
using Firmware.Host.Hardware.Bmxx80;

namespace Firmware.Host.Hardware.Bme280
{
    /// <summary>
    /// A register-level BME280 (chip id 0x60) with a real chip's calibration (<see cref="Bme280CalibrationBlock"/>):
    /// see <see cref="SimulatedBmx280"/>. Under <see cref="BoschChipFault.WrongChipId"/> it answers a BMP280's id.
    /// </summary>
    public sealed class SimulatedBme280 : SimulatedBmx280
    {
        /// <param name="address">0x76 or 0x77.</param>
        /// <param name="nowMilliseconds">Virtual time for conversion timing; null makes conversions instant.</param>
        public SimulatedBme280(int address = 0x76, Func<long> nowMilliseconds = null, byte[] calibration1 = null, byte[] calibration2 = null)
            : base(address, nowMilliseconds, 0x60, calibration1 ?? Bme280CalibrationBlock.Block1(), calibration2 ?? Bme280CalibrationBlock.Block2())
        {
            ImpostorId = 0x58;
        }
    }
}
