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
            FakeBoschChip chip = FakeBoschChip.Bme680();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bme680Chip bme680 = new Bme680Chip(chip, binding, GasHeaterProfile.Battery());
            Bme680Sensor climate = new Bme680Sensor(bme680);
            Bme680GasSensor gas = new Bme680GasSensor(bme680);
            int[] values = new int[4];

            Assert.AreEqual(0x7, climate.Measure(values, 0), climate.Fault);
            Assert.AreEqual(0x1, gas.Measure(values, 3), gas.Fault);
            Assert.IsNull(climate.Fault);
            Assert.IsNull(gas.Fault);
            Assert.AreEqual(2508, values[0]);
            Assert.AreEqual(4512, values[1]);
            Assert.AreEqual(100653, values[2]);
            Assert.AreEqual(52000, values[3]);
            Assert.AreEqual("gas_resistance", gas.GetChannel(0).Name);
            Assert.AreEqual("Ohm", gas.GetChannel(0).Unit);
            Assert.AreEqual(1, binding.Reads, "the climate's conversion runs no heater");
            Assert.AreEqual(1, binding.GasReads);
            Assert.AreEqual(2508, binding.LastAmbientCentiCelsius, "the heater's target is computed for the temperature just read");
            Assert.AreEqual(1, binding.Opens, "one binding for both sensors");
        }

        [TestMethod]
        public void TheGasReadingNeedsARealGasConversionWithTheHeaterAtItsTarget()
        {
            FakeBoschChip chip = FakeBoschChip.Bme680();
            Bme680Chip bme680 = new Bme680Chip(chip, new FakeBoschBinding(chip), GasHeaterProfile.Battery());
            Bme680GasSensor gas = new Bme680GasSensor(bme680);
            int[] values = new int[] { 9 };

            chip.Force(0x2B, 0xA7);
            Assert.AreEqual(0, gas.Measure(values, 0));
            Assert.AreEqual(0, values[0]);
            Assert.Contains("the heater did not reach 320 C in 50 ms (heat_stab_r clear)", gas.Fault);

            chip.Force(0x2B, 0x97);
            Assert.AreEqual(0, gas.Measure(values, 0));
            Assert.Contains("no gas conversion took place (gas_valid_r clear)", gas.Fault);

            chip.Force(0x2A, 0xFF);
            chip.Force(0x2B, 0xF7);
            Assert.AreEqual(0, gas.Measure(values, 0));
            Assert.Contains("gas resistance reads the stuck value 0x3FF", gas.Fault);

            chip.Force(0x2A, -1);
            chip.Force(0x2B, -1);
            chip.Force(0x70, 0x08);
            Assert.AreEqual(0, gas.Measure(values, 0));
            Assert.Contains("the heater is switched off", gas.Fault);

            chip.Force(0x70, -1);
            chip.Force(0x71, 0x00);
            Assert.AreEqual(0, gas.Measure(values, 0));
            Assert.Contains("the gas conversion was asked for but is off", gas.Fault);

            chip.Force(0x71, -1);
            Assert.AreEqual(1, gas.Measure(values, 0));
        }

        [TestMethod]
        public void TheClimateChecksTheStatusTheControlAndEachRawChannel()
        {
            FakeBoschChip chip = FakeBoschChip.Bme680();
            Bme680Sensor climate = new Bme680Sensor(new Bme680Chip(chip, new FakeBoschBinding(chip), GasHeaterProfile.Battery()));
            int[] values = new int[3];

            chip.Force(0x1D, 0x00);
            Assert.AreEqual(0, climate.Measure(values, 0));
            Assert.Contains("no new data after the binding's read", climate.Fault);
            chip.Force(0x1D, 0xA0);
            Assert.AreEqual(0, climate.Measure(values, 0));
            Assert.Contains("the conversion is still running", climate.Fault);
            chip.Force(0x1D, -1);

            chip.Force(0x74, 0x00);
            Assert.AreEqual(0, climate.Measure(values, 0));
            Assert.Contains("the chip has reset", climate.Fault);
            chip.Force(0x74, -1);

            chip.Force(0x71, 0x10);
            Assert.AreEqual(0, climate.Measure(values, 0));
            Assert.Contains("not asked for but is on", climate.Fault);
            chip.Force(0x71, -1);

            chip.Force(0x25, 0xFF);
            chip.Force(0x26, 0xFF);
            Assert.AreEqual(0x5, climate.Measure(values, 0), "a stuck humidity invalidates humidity only");
            Assert.AreEqual(0, values[1]);
            Assert.Contains("humidity reads the stuck value 0xFFFF", climate.Fault);
            chip.Force(0x25, -1);
            chip.Force(0x26, -1);

            chip.Force(0x22, 0x80);
            chip.Force(0x23, 0x00);
            chip.Force(0x24, 0x00);
            Assert.AreEqual(0, climate.Measure(values, 0));
            Assert.Contains("temperature reads the skipped-conversion value 0x80000", climate.Fault);
            chip.Force(0x22, -1);
            chip.Force(0x23, -1);
            chip.Force(0x24, -1);

            Assert.AreEqual(0x7, climate.Measure(values, 0));
        }

        [TestMethod]
        public void AHumidityOfExactlyZeroIsTheFormulasClampNotAReading()
        {
            FakeBoschChip chip = FakeBoschChip.Bme680();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bme680Sensor climate = new Bme680Sensor(new Bme680Chip(chip, binding, GasHeaterProfile.Battery()));
            binding.Values[2] = 0;
            int[] values = new int[3];

            Assert.AreEqual(0x5, climate.Measure(values, 0));
            Assert.Contains("0 is the formula's clamp", climate.Fault);
        }

        [TestMethod]
        public void ACalibrationTheBindingMisreadsIsAFaultOfTheChannelsItFeeds()
        {
            // par_p6 = -2: Bosch's API reads it signed, the binding as 254.
            FakeBoschChip chip = FakeBoschChip.Bme680();
            chip[0x99] = 0xFE;
            Bme680Chip bme680 = new Bme680Chip(chip, new FakeBoschBinding(chip), GasHeaterProfile.Battery());
            Bme680Sensor climate = new Bme680Sensor(bme680);
            Bme680GasSensor gas = new Bme680GasSensor(bme680);

            Assert.AreEqual(0, climate.Measure(new int[3], 0));
            Assert.Contains("calibration par_p6 is -2, which the binding reads as 254", climate.Fault);
            Assert.AreEqual(1, gas.Measure(new int[1], 0), gas.Fault);

            // range_sw_err = -1 (0xF0 in 0x04): the gas formula's input.
            FakeBoschChip other = FakeBoschChip.Bme680();
            other[0x04] = 0xF0;
            Bme680Chip second = new Bme680Chip(other, new FakeBoschBinding(other), GasHeaterProfile.Battery());
            Assert.AreEqual(0x7, new Bme680Sensor(second).Measure(new int[3], 0));
            Bme680GasSensor secondGas = new Bme680GasSensor(second);
            Assert.AreEqual(0, secondGas.Measure(new int[1], 0));
            Assert.Contains("range_sw_err is -1, which the binding reads as 15", secondGas.Fault);
        }

        [TestMethod]
        public void AChipSwappedOrGoneBetweenTheTwoReadsOfAWakeGivesNoGasValue()
        {
            FakeBoschChip chip = FakeBoschChip.Bme680();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bme680Chip bme680 = new Bme680Chip(chip, binding, GasHeaterProfile.Battery());
            Bme680Sensor climate = new Bme680Sensor(bme680);
            Bme680GasSensor gas = new Bme680GasSensor(bme680);

            Assert.AreEqual(0x7, climate.Measure(new int[3], 0));
            chip[0xD0] = 0x58;
            Assert.AreEqual(0, gas.Measure(new int[1], 0));
            Assert.Contains("chip id 0x58 (BMP280) before the read, but the board found 0x61 (BME680) at boot", gas.Fault);
            Assert.AreEqual(0, binding.GasReads, "no heater for a chip that is not the one found");

            chip[0xD0] = 0x61;
            chip.Nack = true;
            Assert.AreEqual(0, climate.Measure(new int[3], 0));
            Assert.Contains("address not acknowledged", climate.Fault);
        }

        [TestMethod]
        public void AnUnusableHeaterProfileIsRefusedWhenTheBoardIsBuilt()
        {
            FakeBoschChip chip = FakeBoschChip.Bme680();
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Bme680Chip(chip, new FakeBoschBinding(chip), new GasHeaterProfile(450, 50)));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Bme680Chip(chip, new FakeBoschBinding(chip), new GasHeaterProfile(320, 0)));
        }
    }
}
