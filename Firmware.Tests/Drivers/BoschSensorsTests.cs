using Firmware.Drivers.Bme280;
using Firmware.Drivers.Bme680;
using Firmware.Drivers.Bmp280;
using Firmware.Drivers.Bmxx80;
using Firmware.Ports;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>A board chooses its climate sensor by the chip id it reads at boot; no chip, or an unknown one, says so.</summary>
    [TestClass]
    public class BoschSensorsTests
    {
        [TestMethod]
        public void EachChipOfTheFamilyGetsItsDriver()
        {
            FakeBoschChip bmp280 = FakeBoschChip.Bmp280();
            string found;
            ISensor[] sensors = Build(bmp280, out found);
            Assert.AreEqual(1, sensors.Length);
            Assert.IsTrue(sensors[0] is Bmp280Sensor);
            Assert.Contains("BMP280 (0x58) at 0x76", found);

            bmp280[0xD0] = 0x56;
            sensors = Build(bmp280, out found);
            Assert.IsTrue(sensors[0] is Bmp280Sensor, "an engineering sample of the BMP280");

            FakeBoschChip bme680 = FakeBoschChip.Bme680();
            sensors = Build(bme680, out found);
            Assert.AreEqual(2, sensors.Length);
            Assert.IsTrue(sensors[0] is Bme680Sensor);
            Assert.IsTrue(sensors[1] is Bme680GasSensor, "the gas sensor after the climate: its heater target needs the temperature");
            Assert.Contains("heater at 320 C for 50 ms", found);

            bme680[0xD0] = 0x60;
            sensors = Build(bme680, out found);
            Assert.IsTrue(sensors[0] is Bme280Sensor, "a BME280 is read by our own driver");
            Assert.Contains("BME280 (0x60) at 0x76: read by our own guarded driver", found);
        }

        [TestMethod]
        public void NoChipOrAnUnknownOneIsSaidAtBootAndAtEverySample()
        {
            FakeBoschChip chip = FakeBoschChip.Bmp280();
            chip.Nack = true;
            string found;
            ISensor[] sensors = Build(chip, out found);
            Assert.IsTrue(sensors[0] is UnidentifiedBoschSensor);
            Assert.AreEqual(BoschSensors.IdAttempts, chip.Transactions, "a glitch at boot is tried again before the board gives up");
            Assert.Contains("no chip answers at 0x76 (address not acknowledged (no device answers)): no climate readings", found);
            int[] values = new int[] { 5 };
            Assert.AreEqual(0, sensors[0].Measure(values, 0));
            Assert.AreEqual(0, values[0]);
            Assert.Contains("no chip answers at 0x76", sensors[0].Fault);
            Assert.AreEqual("temperature", sensors[0].GetChannel(0).Name, "a thermostat sees its input failed");

            chip.Nack = false;
            Assert.AreEqual(0, sensors[0].Measure(values, 0));
            Assert.Contains("a 0x58 (BMP280) answers at 0x76 now, but none did at boot: it is read after a restart", sensors[0].Fault);

            chip[0xD0] = 0x12;
            sensors = Build(chip, out found);
            Assert.IsTrue(sensors[0] is UnidentifiedBoschSensor);
            Assert.Contains("chip id 0x12 at 0x76 is none of BMP280 (0x56..0x58), BME280 (0x60), BME680 (0x61)", found);
            sensors[0].Measure(values, 0);
            Assert.Contains("chip id 0x12", sensors[0].Fault);
        }

        [TestMethod]
        public void AGlitchAtBootCostsNoSensor()
        {
            FakeBoschChip chip = FakeBoschChip.Bme680();
            chip.NackNext = 2;
            string found;
            ISensor[] sensors = Build(chip, out found);
            Assert.AreEqual(2, sensors.Length, found);
            Assert.IsTrue(sensors[0] is Bme680Sensor);
        }

        private static ISensor[] Build(FakeBoschChip chip, out string found)
        {
            return BoschSensors.Build(chip, new FakeClock(), new Bindings(chip), GasHeaterProfile.Battery(), out found);
        }

        /// <summary>The fake binding for whichever chip the board finds.</summary>
        private sealed class Bindings : IBmxx80Bindings
        {
            private readonly FakeBoschChip _chip;

            public Bindings(FakeBoschChip chip)
            {
                _chip = chip;
            }

            public IBmxx80Binding Bmp280()
            {
                return new FakeBoschBinding(_chip);
            }

            public IBme680Binding Bme680(GasHeaterProfile heater)
            {
                return new FakeBoschBinding(_chip);
            }
        }
    }
}
