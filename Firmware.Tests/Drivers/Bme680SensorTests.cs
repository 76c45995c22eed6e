using Firmware.Drivers.Bme680;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>
    /// The BME680 read through a binding inside our guard, as two sensors: the climate without the heater and the gas
    /// resistance with it. Each is a value only when the chip, its status, its control registers and its raw registers
    /// agree; the gas reading also needs a real gas conversion with the heater at its target.
    /// </summary>
    [TestClass]
    public class Bme680SensorTests
    {
        [TestMethod]
        public void AHealthyChipGivesTheClimateWithoutTheHeaterAndTheGasWithIt()
        {
            BoschRig rig = BoschRig.WithBme680();
            int[] values = new int[4];

            Assert.AreEqual(0x7, rig.Climate.Measure(values, 0), rig.Climate.Fault);
            Assert.AreEqual(0x1, rig.Gas.Measure(values, 3), rig.Gas.Fault);
            Assert.IsNull(rig.Climate.Fault);
            Assert.IsNull(rig.Gas.Fault);
            Assert.AreEqual(2508, values[0]);
            Assert.AreEqual(4512, values[1]);
            Assert.AreEqual(100653, values[2]);
            Assert.AreEqual(52000, values[3]);
            Assert.AreEqual("gas_resistance", rig.Gas.GetChannel(0).Name);
            Assert.AreEqual("Ohm", rig.Gas.GetChannel(0).Unit);
            Assert.AreEqual(1, rig.Binding.Reads, "the climate's conversion runs no heater");
            Assert.AreEqual(1, rig.Binding.GasReads);
            Assert.AreEqual(2508, rig.Binding.LastAmbientCentiCelsius, "the heater's target is computed for the temperature just read");
            Assert.AreEqual(1, rig.Binding.Opens, "one binding for both sensors");
        }

        [TestMethod]
        public void TheGasReadingNeedsARealGasConversionWithTheHeaterAtItsTarget()
        {
            BoschRig rig = BoschRig.WithBme680();
            int[] values = new int[] { 9 };

            rig.Chip.Force(0x2B, 0xA7);
            Assert.AreEqual(0, rig.Gas.Measure(values, 0));
            Assert.AreEqual(0, values[0]);
            Assert.Contains("the heater did not reach 320 C in 50 ms (heat_stab_r clear)", rig.Gas.Fault);

            rig.Chip.Force(0x2B, 0x97);
            Assert.AreEqual(0, rig.Gas.Measure(values, 0));
            Assert.Contains("no gas conversion took place (gas_valid_r clear)", rig.Gas.Fault);

            rig.Chip.Force(0x2A, 0xFF);
            rig.Chip.Force(0x2B, 0xF7);
            Assert.AreEqual(0, rig.Gas.Measure(values, 0));
            Assert.Contains("gas resistance reads the stuck value 0x3FF", rig.Gas.Fault);

            rig.Chip.Force(0x2A, -1);
            rig.Chip.Force(0x2B, -1);
            rig.Chip.Force(0x70, 0x08);
            Assert.AreEqual(0, rig.Gas.Measure(values, 0));
            Assert.Contains("the heater is switched off", rig.Gas.Fault);

            rig.Chip.Force(0x70, -1);
            rig.Chip.Force(0x71, 0x00);
            Assert.AreEqual(0, rig.Gas.Measure(values, 0));
            Assert.Contains("the gas conversion was asked for but is off", rig.Gas.Fault);

            rig.Chip.Force(0x71, -1);
            Assert.AreEqual(1, rig.Gas.Measure(values, 0));
        }

        [TestMethod]
        public void TheClimateChecksTheStatusTheControlAndEachRawChannel()
        {
            BoschRig rig = BoschRig.WithBme680();
            int[] values = new int[3];

            rig.Chip.Force(0x1D, 0x00);
            Assert.AreEqual(0, rig.Climate.Measure(values, 0));
            Assert.Contains("no new data after the binding's read", rig.Climate.Fault);
            rig.Chip.Force(0x1D, 0xA0);
            Assert.AreEqual(0, rig.Climate.Measure(values, 0));
            Assert.Contains("the conversion is still running", rig.Climate.Fault);
            rig.Chip.Force(0x1D, -1);

            rig.Chip.Force(0x74, 0x00);
            Assert.AreEqual(0, rig.Climate.Measure(values, 0));
            Assert.Contains("the chip has reset", rig.Climate.Fault);
            rig.Chip.Force(0x74, -1);

            rig.Chip.Force(0x71, 0x10);
            Assert.AreEqual(0, rig.Climate.Measure(values, 0));
            Assert.Contains("not asked for but is on", rig.Climate.Fault);
            rig.Chip.Force(0x71, -1);

            rig.Chip.Force(0x25, 0xFF);
            rig.Chip.Force(0x26, 0xFF);
            Assert.AreEqual(0x5, rig.Climate.Measure(values, 0), "a stuck humidity invalidates humidity only");
            Assert.AreEqual(0, values[1]);
            Assert.Contains("humidity reads the stuck value 0xFFFF", rig.Climate.Fault);
            rig.Chip.Force(0x25, -1);
            rig.Chip.Force(0x26, -1);

            rig.Chip.Force(0x22, 0x80);
            rig.Chip.Force(0x23, 0x00);
            rig.Chip.Force(0x24, 0x00);
            Assert.AreEqual(0, rig.Climate.Measure(values, 0));
            Assert.Contains("temperature reads the skipped-conversion value 0x80000", rig.Climate.Fault);
            rig.Chip.Force(0x22, -1);
            rig.Chip.Force(0x23, -1);
            rig.Chip.Force(0x24, -1);

            Assert.AreEqual(0x7, rig.Climate.Measure(values, 0));
        }

        [TestMethod]
        public void AHumidityOfExactlyZeroIsTheFormulasClampNotAReading()
        {
            BoschRig rig = BoschRig.WithBme680();
            rig.Binding.Values[2] = 0;
            int[] values = new int[3];

            Assert.AreEqual(0x5, rig.Climate.Measure(values, 0));
            Assert.Contains("0 is the formula's clamp", rig.Climate.Fault);
        }

        [TestMethod]
        public void ACalibrationTheBindingMisreadsIsAFaultOfTheChannelsItFeeds()
        {
            // par_p6 = -2: Bosch's API reads it signed, the binding as 254.
            BoschRig rig = BoschRig.WithBme680();
            rig.Chip[0x99] = 0xFE;

            Assert.AreEqual(0, rig.Climate.Measure(new int[3], 0));
            Assert.Contains("calibration par_p6 is -2, which the binding reads as 254", rig.Climate.Fault);
            Assert.AreEqual(1, rig.Gas.Measure(new int[1], 0), rig.Gas.Fault);

            // range_sw_err = -1 (0xF0 in 0x04): the gas formula's input.
            BoschRig other = BoschRig.WithBme680();
            other.Chip[0x04] = 0xF0;
            Assert.AreEqual(0x7, other.Climate.Measure(new int[3], 0));
            Assert.AreEqual(0, other.Gas.Measure(new int[1], 0));
            Assert.Contains("range_sw_err is -1, which the binding reads as 15", other.Gas.Fault);
        }

        [TestMethod]
        public void AChipSwappedOrGoneBetweenTheTwoReadsOfAWakeGivesNoGasValue()
        {
            BoschRig rig = BoschRig.WithBme680();

            Assert.AreEqual(0x7, rig.Climate.Measure(new int[3], 0));
            rig.Chip[0xD0] = 0x58;
            Assert.AreEqual(0, rig.Gas.Measure(new int[1], 0));
            Assert.Contains("chip id 0x58 (BMP280) before the read, but the board found 0x61 (BME680) at boot", rig.Gas.Fault);
            Assert.AreEqual(0, rig.Binding.GasReads, "no heater for a chip that is not the one found");

            rig.Chip[0xD0] = 0x61;
            rig.Chip.Nack = true;
            Assert.AreEqual(0, rig.Climate.Measure(new int[3], 0));
            Assert.Contains("address not acknowledged", rig.Climate.Fault);
        }

        [TestMethod]
        public void AnUnusableHeaterProfileIsRefusedWhenTheBoardIsBuilt()
        {
            BoschRig rig = BoschRig.WithBme680();
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Bme680Chip(rig.Chip, rig.Binding, new GasHeaterProfile(450, 50)));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Bme680Chip(rig.Chip, rig.Binding, new GasHeaterProfile(320, 0)));
        }
    }
}
