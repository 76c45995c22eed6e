using Firmware.Drivers.Bmp280;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>
    /// The BMP280 read through a binding inside our guard: a value only when the chip id before and after, the status,
    /// the control register and the raw registers all agree; any disagreement a fault for that wake and no value.
    /// </summary>
    [TestClass]
    public class Bmp280SensorTests
    {
        [TestMethod]
        public void AHealthyChipGivesTheBindingsValuesAndTwoChannelsOnly()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bmp280Sensor sensor = new Bmp280Sensor(chip, binding, 0x58);
            int[] values = new int[3];

            Assert.AreEqual(0x3, sensor.Measure(values, 1), sensor.Fault);
            Assert.IsNull(sensor.Fault);
            Assert.AreEqual(2508, values[1]);
            Assert.AreEqual(100653, values[2]);
            Assert.AreEqual(2, sensor.ChannelCount, "no humidity channel at all: a BMP280 has none");
            Assert.AreEqual("temperature", sensor.GetChannel(0).Name);
            Assert.AreEqual("pressure", sensor.GetChannel(1).Name);

            Assert.AreEqual(0x3, sensor.Measure(values, 1));
            Assert.AreEqual(1, binding.Opens, "the binding is built once while the chip agrees");
            Assert.AreEqual(2, binding.Reads);
        }

        [TestMethod]
        public void TheBindingIsBuiltAfreshAfterItsShareOfReads()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bmp280Sensor sensor = new Bmp280Sensor(chip, binding, 0x58);
            int[] values = new int[2];
            for (int wake = 0; wake < Firmware.Drivers.Bmxx80.BoschGuard.ReadsPerOpen; wake++)
            {
                Assert.AreEqual(0x3, sensor.Measure(values, 0));
            }

            Assert.AreEqual(1, binding.Opens);
            Assert.AreEqual(0x3, sensor.Measure(values, 0));
            Assert.AreEqual(2, binding.Opens, "its copy of the calibration is read again");
        }

        [TestMethod]
        public void NoChipAnsweringIsAFaultAndTheBindingIsNotAsked()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bmp280Sensor sensor = new Bmp280Sensor(chip, binding, 0x58);
            chip.Nack = true;
            int[] values = new int[] { 7, 7 };

            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.AreEqual(0, values[0], "invalid channels are written as 0, never a stale value");
            Assert.AreEqual(0, values[1]);
            Assert.Contains("chip id read before the read: address not acknowledged", sensor.Fault);
            Assert.Contains("bmp280 at 0x76", sensor.Fault);
            Assert.IsTrue(sensor.Health.Failed);
            Assert.AreEqual(0, binding.Reads);
        }

        [TestMethod]
        public void AChipThatStopsAnsweringDuringTheBindingsReadGivesNoValueThoughTheBindingGaveOne()
        {
            // On nanoFramework the binding ignores the transfer status: its values come from zero-filled buffers.
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bmp280Sensor sensor = new Bmp280Sensor(chip, binding, 0x58);
            Assert.AreEqual(0x3, sensor.Measure(new int[2], 0));
            chip.NackFrom = chip.Transactions + 2;

            Assert.AreEqual(0, sensor.Measure(new int[2], 0));
            Assert.Contains("status and data read: address not acknowledged", sensor.Fault);
            Assert.AreEqual(2, binding.Reads, "the binding read, and its values were not taken");
        }

        [TestMethod]
        public void AShortReadOfTheRegistersIsAFault()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            Bmp280Sensor sensor = new Bmp280Sensor(chip, new FakeBoschBinding(chip), 0x58);
            chip.ShortReads = true;

            Assert.AreEqual(0, sensor.Measure(new int[2], 0));
            Assert.Contains("short transfer", sensor.Fault);
        }

        [TestMethod]
        public void AnotherChipAnsweringBeforeOrAfterTheReadIsAFault()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bmp280Sensor sensor = new Bmp280Sensor(chip, binding, 0x58);
            Assert.AreEqual(0x3, sensor.Measure(new int[2], 0));

            // Swapped for a BME280 since the last wake.
            chip[0xD0] = 0x60;
            Assert.AreEqual(0, sensor.Measure(new int[2], 0));
            Assert.Contains("chip id 0x60 (BME280) before the read, but the board found 0x58 (BMP280) at boot", sensor.Fault);

            chip[0xD0] = 0x58;
            Assert.AreEqual(0x3, sensor.Measure(new int[2], 0), "the BMP280 is back");
            Assert.AreEqual(1, sensor.Health.Recoveries);
            Assert.AreEqual(2, binding.Opens, "after a failure the binding is built afresh (calibration read again)");
        }

        [TestMethod]
        public void AStatusOrControlRegisterThatDisagreesIsAFault()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            Bmp280Sensor sensor = new Bmp280Sensor(chip, new FakeBoschBinding(chip), 0x58);
            int[] values = new int[2];

            chip.Force(0xF3, 0x08);
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.Contains("the conversion is still running", sensor.Fault);

            chip.Force(0xF3, 0x01);
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.Contains("the NVM copy is still running", sensor.Fault);

            chip.Force(0xF3, -1);
            chip.Force(0xF4, 0x00);
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.Contains("ctrl_meas reads 0x00 after the read, not the oversampling the binding wrote (the chip has reset)", sensor.Fault);

            chip.Force(0xF4, 0x25);
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.Contains("not back asleep", sensor.Fault);

            chip.Force(0xF4, -1);
            Assert.AreEqual(0x3, sensor.Measure(values, 0));
        }

        [TestMethod]
        public void AStuckTemperatureGivesNothingAndAStuckPressureOnlyItself()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            Bmp280Sensor sensor = new Bmp280Sensor(chip, new FakeBoschBinding(chip), 0x58);
            int[] values = new int[2];

            chip.Force(0xFA, 0xFF);
            chip.Force(0xFB, 0xFF);
            chip.Force(0xFC, 0xF0);
            Assert.AreEqual(0, sensor.Measure(values, 0), "pressure is compensated with the temperature");
            Assert.Contains("temperature reads the stuck value 0xFFFFF", sensor.Fault);

            chip.Force(0xFA, -1);
            chip.Force(0xFB, -1);
            chip.Force(0xFC, -1);
            chip.Force(0xF7, 0x00);
            chip.Force(0xF8, 0x00);
            chip.Force(0xF9, 0x00);
            Assert.AreEqual(0x1, sensor.Measure(values, 0));
            Assert.AreEqual(2508, values[0]);
            Assert.AreEqual(0, values[1]);
            Assert.Contains("pressure reads the stuck value 0x00000", sensor.Fault);

            chip.Force(0xF7, 0x80);
            Assert.AreEqual(0x1, sensor.Measure(values, 0));
            Assert.Contains("pressure reads the skipped-conversion value 0x80000", sensor.Fault);
        }

        [TestMethod]
        public void DataRegistersAllZerosOrAllOnesAreNoValue()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            Bmp280Sensor sensor = new Bmp280Sensor(chip, new FakeBoschBinding(chip), 0x58);
            for (int register = 0xF7; register <= 0xFC; register++)
            {
                chip.Force(register, 0x00);
            }

            Assert.AreEqual(0, sensor.Measure(new int[2], 0));
            Assert.Contains("all zeros", sensor.Fault);
            for (int register = 0xF7; register <= 0xFC; register++)
            {
                chip.Force(register, 0xFF);
            }

            Assert.AreEqual(0, sensor.Measure(new int[2], 0));
            Assert.Contains("all ones", sensor.Fault);
        }

        [TestMethod]
        public void WhatTheBindingSaysIsCheckedToo()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bmp280Sensor sensor = new Bmp280Sensor(chip, binding, 0x58);
            int[] values = new int[2];

            binding.ReadThrows = "Error 6 performing I2C data transfer";
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.Contains("the binding's read failed: InvalidOperationException: Error 6 performing I2C data transfer", sensor.Fault);

            binding.ReadThrows = null;
            binding.Values[0] = -14000;
            Assert.AreEqual(0, sensor.Measure(values, 0), "what a zero-filled temperature buffer compensates to");
            Assert.Contains("temperature -14000 cC is outside -40..85 C", sensor.Fault);

            binding.Values[0] = 2508;
            binding.Values[1] = 179700;
            Assert.AreEqual(0x1, sensor.Measure(values, 0), "what a zero-filled pressure buffer compensates to");
            Assert.Contains("pressure 179700 Pa is outside 300..1100 hPa", sensor.Fault);

            binding.Values[1] = 100653;
            binding.ValidMask = 0x2;
            Assert.AreEqual(0, sensor.Measure(values, 0));
            Assert.Contains("the binding gave no temperature", sensor.Fault);
        }

        [TestMethod]
        public void ABindingThatCannotSetTheChipUpOrABrokenCalibrationGivesNoValue()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            FakeBoschBinding binding = new FakeBoschBinding(chip);
            Bmp280Sensor sensor = new Bmp280Sensor(chip, binding, 0x56);
            chip[0xD0] = 0x56;
            binding.OpenThrows = "Exception";
            Assert.AreEqual(0, sensor.Measure(new int[2], 0));
            Assert.Contains("the binding could not set the chip up: InvalidOperationException", sensor.Fault);

            binding.OpenThrows = null;
            chip.Force(0x88, 0x00);
            chip.Force(0x89, 0x00);
            Assert.AreEqual(0, sensor.Measure(new int[2], 0));
            Assert.Contains("calibration has dig_T1 or dig_P1 of zero", sensor.Fault);

            chip.Force(0x88, -1);
            chip.Force(0x89, -1);
            Assert.AreEqual(0x3, sensor.Measure(new int[2], 0));
            Assert.AreEqual(3, binding.Opens, "built afresh after each failed wake");
        }
    }
}
