using System;
using Firmware.Host.Hardware.Bme680;
using Firmware.Host.Hardware.Bmp280;
using Firmware.Host.Hardware.Bmxx80;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Drivers
{
    /// <summary>
    /// Each case of the guard on each chip read through a binding (the BME280 has its own driver and its own tests):
    /// the board wired as the twin wires it (the desktop binding, bus errors reaching it silently as on nanoFramework),
    /// a fault injected into the register-level chip after a healthy wake, then the next wake: a fault and never a value
    /// from what the fault touched, every invalid channel written as 0, and values again once the fault is gone.
    /// </summary>
    [TestClass]
    public sealed class BoschGuardCaseTests
    {
        [TestMethod]
        [DataRow("bmp280", BoschChipFault.AddressNack, 0x0, "chip id read before the read: address not acknowledged")]
        [DataRow("bme680", BoschChipFault.AddressNack, 0x0, "chip id read before the read: address not acknowledged")]
        [DataRow("bmp280", BoschChipFault.ShortTransfer, 0x0, "chip id read before the read: partial transfer (1 of 2 bytes)")]
        [DataRow("bme680", BoschChipFault.ShortTransfer, 0x0, "chip id read before the read: partial transfer (1 of 2 bytes)")]
        [DataRow("bmp280", BoschChipFault.WrongChipId, 0x0, "chip id 0x60 (BME280) before the read, but the board found 0x58 (BMP280) at boot")]
        [DataRow("bme680", BoschChipFault.WrongChipId, 0x0, "chip id 0x60 (BME280) before the read, but the board found 0x61 (BME680) at boot")]
        [DataRow("bmp280", BoschChipFault.TemperatureStuck, 0x0, "temperature reads the stuck value 0xFFFFF")]
        [DataRow("bme680", BoschChipFault.TemperatureStuck, 0x8, "temperature reads the stuck value 0xFFFFF")]
        [DataRow("bmp280", BoschChipFault.PressureStuck, 0x1, "pressure reads the stuck value 0xFFFFF")]
        [DataRow("bme680", BoschChipFault.PressureStuck, 0xB, "pressure reads the stuck value 0xFFFFF")]
        [DataRow("bme680", BoschChipFault.HumidityStuck, 0xD, "humidity reads the stuck value 0xFFFF")]
        [DataRow("bme680", BoschChipFault.GasStuck, 0x7, "gas resistance reads the stuck value 0x3FF")]
        [DataRow("bmp280", BoschChipFault.SkippedConversion, 0x0, "temperature reads the skipped-conversion value 0x80000")]
        [DataRow("bme680", BoschChipFault.SkippedConversion, 0x8, "temperature reads the skipped-conversion value 0x80000")]
        [DataRow("bmp280", BoschChipFault.DataAllOnes, 0x0, "data registers read all ones")]
        [DataRow("bme680", BoschChipFault.DataAllOnes, 0x0, "data registers read all ones")]
        [DataRow("bmp280", BoschChipFault.DataAllZeros, 0x0, "data registers read all zeros")]
        [DataRow("bme680", BoschChipFault.DataAllZeros, 0x0, "data registers read all zeros")]
        [DataRow("bmp280", BoschChipFault.ConversionHangs, 0x0, "the conversion is still running after the binding's read")]
        [DataRow("bme680", BoschChipFault.ConversionHangs, 0x0, "the conversion is still running after the binding's read")]
        [DataRow("bmp280", BoschChipFault.ResetDuringConversion, 0x0, "the NVM copy is still running (the chip has just reset)")]
        [DataRow("bme680", BoschChipFault.ResetDuringConversion, 0x0, "no new data after the binding's read (no conversion finished)")]
        [DataRow("bmp280", BoschChipFault.ImageUpdateStuck, 0x0, "the NVM copy is still running")]
        [DataRow("bme680", BoschChipFault.HeaterUnstable, 0x7, "the heater did not reach 320 C in 50 ms (heat_stab_r clear)")]
        public void AFaultGivesAFaultNeverAValueAndTheSensorRecovers(string chip, BoschChipFault fault, int validLeft, string expected)
        {
            BoschBoard board = new BoschBoard(chip);
            int all = (1 << board.Values.Length) - 1;
            Assert.AreEqual(all, board.Wake(), "healthy first: " + board.Faults());

            board.Chip.Inject(fault);
            Array.Fill(board.Values, 12345);
            int mask = board.Wake();

            Assert.AreEqual(validLeft, mask, $"{chip} under {fault}: {board.Faults()}");
            for (int i = 0; i < board.Values.Length; i++)
            {
                if ((mask & (1 << i)) == 0)
                {
                    Assert.AreEqual(0, board.Values[i], $"channel {i} is invalid and written as 0, never a stale value");
                }
            }

            StringAssert.Contains(board.Faults(), expected);
            board.Chip.ClearFault();
            Assert.AreEqual(all, board.Wake(), "values again once the fault is gone: " + board.Faults());
            Assert.IsNull(board.Faults());
        }

        [TestMethod]
        [DataRow("bmp280")]
        [DataRow("bme680")]
        public void AChipThatStopsAnsweringInsideTheBindingsReadGivesNoValue(string chip)
        {
            // The guard's id read passes; every later transfer is NACKed: the binding, which ignores transfer results
            // on nanoFramework, computes from zero-filled buffers, and the guard's own reads afterwards fail.
            BoschBoard board = new BoschBoard(chip);
            board.Wake();
            board.Chip.Inject(BoschChipFault.AddressNack, after: 1);

            Assert.AreEqual(0, board.Wake(), board.Faults());
            StringAssert.Contains(board.Faults(), "read: address not acknowledged");
        }

        [TestMethod]
        [DataRow("bmp280", 1, 11, "temperature -")]
        [DataRow("bme680", 13, 2, "0 is the formula's clamp")]
        public void AGlitchConfinedToTheBindingsOwnTransfersIsCaughtByWhatItsZeroFilledBuffersGive(string chip, int after, int transfers, string expected)
        {
            // The chip misses only the binding's transfers and answers the guard before and after: registers, status and
            // ids all agree, but the binding's values come from zero-filled buffers. BMP280: the guard's id read, then all
            // 11 of the binding's (power mode, start, temperature, pressure with its temperature): no conversion, and a
            // temperature of about -140 °C. BME680: the id read, gas off (3), the start (3), temperature (2) and pressure
            // with its temperature (4), then the humidity's 2: humidity 0 %RH, Bosch's clamp of a negative result.
            BoschBoard board = new BoschBoard(chip);
            int all = (1 << board.Values.Length) - 1;
            Assert.AreEqual(all, board.Wake());
            board.Chip.Inject(BoschChipFault.AddressNack, transactions: transfers, after: after);

            int mask = board.Wake();

            Assert.AreNotEqual(all, mask);
            StringAssert.Contains(board.Faults(), expected);
        }

        [TestMethod]
        [DataRow("bmp280", "bme680", "chip id 0x61 (BME680) before the read, but the board found 0x58 (BMP280) at boot")]
        [DataRow("bme680", "bmp280", "chip id 0x58 (BMP280) before the read, but the board found 0x61 (BME680) at boot")]
        [DataRow("bmp280", "bme280", "chip id 0x60 (BME280) before the read, but the board found 0x58 (BMP280) at boot")]
        public void AChipSwappedMidRunGivesNoValueUntilTheOneFoundAtBootIsBack(string chip, string swapped, string expected)
        {
            BoschBoard board = new BoschBoard(chip);
            SimulatedBoschChip original = board.Chip;
            Assert.AreEqual((1 << board.Values.Length) - 1, board.Wake());

            board.Socket.Fitted = BoschChips.Create(swapped, 0x76, () => board.Clock.UptimeMilliseconds);
            Assert.AreEqual(0, board.Wake(), "a chip of another kind is no source of this board's channels");
            StringAssert.Contains(board.Faults(), expected);

            board.Socket.Fitted = null;
            Assert.AreEqual(0, board.Wake());
            StringAssert.Contains(board.Faults(), "address not acknowledged (no device answers)");

            board.Socket.Fitted = original;
            Assert.AreEqual((1 << board.Values.Length) - 1, board.Wake(), board.Faults());
        }

        [TestMethod]
        public void AnotherChipOfTheSameKindIsReadAfreshWithItsOwnCalibration()
        {
            // A BMP280 fitted in place of the BMP280 answers the same id, but the binding never configured it: its first
            // conversion runs with both channels skipped, which the guard sees as a reset. The binding is then built
            // afresh on it, its own calibration read.
            BoschBoard board = new BoschBoard("bmp280");
            board.Wake();
            board.Socket.Fitted = new SimulatedBmp280(0x76, () => board.Clock.UptimeMilliseconds) { SilentBusErrors = true };

            Assert.AreEqual(0, board.Wake(), "the new chip was never configured by the binding");
            StringAssert.Contains(board.Faults(), "the chip has reset");
            Assert.AreEqual(0x3, board.Wake(), "built afresh on it: " + board.Faults());
        }
    }
}
