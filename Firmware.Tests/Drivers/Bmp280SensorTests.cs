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
            BoschRig rig = BoschRig.WithBmp280();
            int[] values = new int[3];

            Assert.AreEqual(0x3, rig.Bmp280.Measure(values, 1), rig.Bmp280.Fault);
            Assert.IsNull(rig.Bmp280.Fault);
            Assert.AreEqual(2508, values[1]);
            Assert.AreEqual(100653, values[2]);
            Assert.AreEqual(2, rig.Bmp280.ChannelCount, "no humidity channel at all: a BMP280 has none");
            Assert.AreEqual("temperature", rig.Bmp280.GetChannel(0).Name);
            Assert.AreEqual("pressure", rig.Bmp280.GetChannel(1).Name);

            Assert.AreEqual(0x3, rig.Bmp280.Measure(values, 1));
            Assert.AreEqual(1, rig.Binding.Opens, "the binding is built once while the chip agrees");
            Assert.AreEqual(2, rig.Binding.Reads);
        }

        [TestMethod]
        public void TheBindingIsBuiltAfreshAfterItsShareOfReads()
        {
            BoschRig rig = BoschRig.WithBmp280();
            int[] values = new int[2];
            for (int wake = 0; wake < Firmware.Drivers.Bmxx80.BoschGuard.ReadsPerOpen; wake++)
            {
                Assert.AreEqual(0x3, rig.Bmp280.Measure(values, 0));
            }

            Assert.AreEqual(1, rig.Binding.Opens);
            Assert.AreEqual(0x3, rig.Bmp280.Measure(values, 0));
            Assert.AreEqual(2, rig.Binding.Opens, "its copy of the calibration is read again");
        }

        [TestMethod]
        public void NoChipAnsweringIsAFaultAndTheBindingIsNotAsked()
        {
            BoschRig rig = BoschRig.WithBmp280();
            rig.Chip.Nack = true;
            int[] values = new int[] { 7, 7 };

            Assert.AreEqual(0, rig.Bmp280.Measure(values, 0));
            Assert.AreEqual(0, values[0], "invalid channels are written as 0, never a stale value");
            Assert.AreEqual(0, values[1]);
            Assert.Contains("chip id read before the read: address not acknowledged", rig.Bmp280.Fault);
            Assert.Contains("bmp280 at 0x76", rig.Bmp280.Fault);
            Assert.IsTrue(rig.Bmp280.Health.Failed);
            Assert.AreEqual(0, rig.Binding.Reads);
        }

        [TestMethod]
        public void AChipThatStopsAnsweringDuringTheBindingsReadGivesNoValueThoughTheBindingGaveOne()
        {
            // On nanoFramework the binding ignores the transfer status: its values come from zero-filled buffers.
            BoschRig rig = BoschRig.WithBmp280();
            Assert.AreEqual(0x3, rig.Bmp280.Measure(new int[2], 0));
            rig.Chip.NackFrom = rig.Chip.Transactions + 2;

            Assert.AreEqual(0, rig.Bmp280.Measure(new int[2], 0));
            Assert.Contains("status and data read: address not acknowledged", rig.Bmp280.Fault);
            Assert.AreEqual(2, rig.Binding.Reads, "the binding read, and its values were not taken");
        }

        [TestMethod]
        public void AShortReadOfTheRegistersIsAFault()
        {
            BoschRig rig = BoschRig.WithBmp280();
            rig.Chip.ShortReads = true;

            Assert.AreEqual(0, rig.Bmp280.Measure(new int[2], 0));
            Assert.Contains("short transfer", rig.Bmp280.Fault);
        }

        [TestMethod]
        public void AnotherChipAnsweringBeforeOrAfterTheReadIsAFault()
        {
            BoschRig rig = BoschRig.WithBmp280();
            Assert.AreEqual(0x3, rig.Bmp280.Measure(new int[2], 0));

            // Swapped for a BME280 since the last wake.
            rig.Chip[0xD0] = 0x60;
            Assert.AreEqual(0, rig.Bmp280.Measure(new int[2], 0));
            Assert.Contains("chip id 0x60 (BME280) before the read, but the board found 0x58 (BMP280) at boot", rig.Bmp280.Fault);

            rig.Chip[0xD0] = 0x58;
            Assert.AreEqual(0x3, rig.Bmp280.Measure(new int[2], 0), "the BMP280 is back");
            Assert.AreEqual(1, rig.Bmp280.Health.Recoveries);
            Assert.AreEqual(2, rig.Binding.Opens, "after a failure the binding is built afresh (calibration read again)");
        }

        [TestMethod]
        public void AStatusOrControlRegisterThatDisagreesIsAFault()
        {
            BoschRig rig = BoschRig.WithBmp280();
            int[] values = new int[2];

            rig.Chip.Force(0xF3, 0x08);
            Assert.AreEqual(0, rig.Bmp280.Measure(values, 0));
            Assert.Contains("the conversion is still running", rig.Bmp280.Fault);

            rig.Chip.Force(0xF3, 0x01);
            Assert.AreEqual(0, rig.Bmp280.Measure(values, 0));
            Assert.Contains("the NVM copy is still running", rig.Bmp280.Fault);

            rig.Chip.Force(0xF3, -1);
            rig.Chip.Force(0xF4, 0x00);
            Assert.AreEqual(0, rig.Bmp280.Measure(values, 0));
            Assert.Contains("ctrl_meas reads 0x00 after the read, not the oversampling the binding wrote (the chip has reset)", rig.Bmp280.Fault);

            rig.Chip.Force(0xF4, 0x25);
            Assert.AreEqual(0, rig.Bmp280.Measure(values, 0));
            Assert.Contains("not back asleep", rig.Bmp280.Fault);

            rig.Chip.Force(0xF4, -1);
            Assert.AreEqual(0x3, rig.Bmp280.Measure(values, 0));
        }

        [TestMethod]
        public void AStuckTemperatureGivesNothingAndAStuckPressureOnlyItself()
        {
            BoschRig rig = BoschRig.WithBmp280();
            int[] values = new int[2];

            rig.Chip.Force(0xFA, 0xFF);
            rig.Chip.Force(0xFB, 0xFF);
            rig.Chip.Force(0xFC, 0xF0);
            Assert.AreEqual(0, rig.Bmp280.Measure(values, 0), "pressure is compensated with the temperature");
            Assert.Contains("temperature reads the stuck value 0xFFFFF", rig.Bmp280.Fault);

            rig.Chip.Force(0xFA, -1);
            rig.Chip.Force(0xFB, -1);
            rig.Chip.Force(0xFC, -1);
            rig.Chip.Force(0xF7, 0x00);
            rig.Chip.Force(0xF8, 0x00);
            rig.Chip.Force(0xF9, 0x00);
            Assert.AreEqual(0x1, rig.Bmp280.Measure(values, 0));
            Assert.AreEqual(2508, values[0]);
            Assert.AreEqual(0, values[1]);
            Assert.Contains("pressure reads the stuck value 0x00000", rig.Bmp280.Fault);

            rig.Chip.Force(0xF7, 0x80);
            Assert.AreEqual(0x1, rig.Bmp280.Measure(values, 0));
            Assert.Contains("pressure reads the skipped-conversion value 0x80000", rig.Bmp280.Fault);
        }

        [TestMethod]
        public void DataRegistersAllZerosOrAllOnesAreNoValue()
        {
            BoschRig rig = BoschRig.WithBmp280();
            for (int register = 0xF7; register <= 0xFC; register++)
            {
                rig.Chip.Force(register, 0x00);
            }

            Assert.AreEqual(0, rig.Bmp280.Measure(new int[2], 0));
            Assert.Contains("all zeros", rig.Bmp280.Fault);
            for (int register = 0xF7; register <= 0xFC; register++)
            {
                rig.Chip.Force(register, 0xFF);
            }

            Assert.AreEqual(0, rig.Bmp280.Measure(new int[2], 0));
            Assert.Contains("all ones", rig.Bmp280.Fault);
        }

        [TestMethod]
        public void WhatTheBindingSaysIsCheckedToo()
        {
            BoschRig rig = BoschRig.WithBmp280();
            int[] values = new int[2];

            rig.Binding.ReadThrows = "Error 6 performing I2C data transfer";
            Assert.AreEqual(0, rig.Bmp280.Measure(values, 0));
            Assert.Contains("the binding's read failed: InvalidOperationException: Error 6 performing I2C data transfer", rig.Bmp280.Fault);

            rig.Binding.ReadThrows = null;
            rig.Binding.Values[0] = -14000;
            Assert.AreEqual(0, rig.Bmp280.Measure(values, 0), "what a zero-filled temperature buffer compensates to");
            Assert.Contains("temperature -14000 cC is outside -40..85 C", rig.Bmp280.Fault);

            rig.Binding.Values[0] = 2508;
            rig.Binding.Values[1] = 179700;
            Assert.AreEqual(0x1, rig.Bmp280.Measure(values, 0), "what a zero-filled pressure buffer compensates to");
            Assert.Contains("pressure 179700 Pa is outside 300..1100 hPa", rig.Bmp280.Fault);

            rig.Binding.Values[1] = 100653;
            rig.Binding.ValidMask = 0x2;
            Assert.AreEqual(0, rig.Bmp280.Measure(values, 0));
            Assert.Contains("the binding gave no temperature", rig.Bmp280.Fault);
        }

        [TestMethod]
        public void ABindingThatCannotSetTheChipUpOrABrokenCalibrationGivesNoValue()
        {
            BoschRig rig = BoschRig.WithBmp280(0x56);
            rig.Binding.OpenThrows = "Exception";
            Assert.AreEqual(0, rig.Bmp280.Measure(new int[2], 0));
            Assert.Contains("the binding could not set the chip up: InvalidOperationException", rig.Bmp280.Fault);

            rig.Binding.OpenThrows = null;
            rig.Chip.Force(0x88, 0x00);
            rig.Chip.Force(0x89, 0x00);
            Assert.AreEqual(0, rig.Bmp280.Measure(new int[2], 0));
            Assert.Contains("calibration has dig_T1 or dig_P1 of zero", rig.Bmp280.Fault);

            rig.Chip.Force(0x88, -1);
            rig.Chip.Force(0x89, -1);
            Assert.AreEqual(0x3, rig.Bmp280.Measure(new int[2], 0));
            Assert.AreEqual(3, rig.Binding.Opens, "built afresh after each failed wake");
        }
    }
}
