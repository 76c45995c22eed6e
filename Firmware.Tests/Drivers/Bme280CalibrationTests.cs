using Firmware.Drivers.Bme280;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>Bosch's integer compensation against published vectors.</summary>
    [TestClass]
    public class Bme280CalibrationTests
    {
        [TestMethod]
        public void ARealChipsDumpGivesThePostedTemperatureAndHumidity()
        {
            // Bosch Sensortec community forum, "BME280 Data to test Calculations" (2019): calibration and raw data
            // of one chip; the poster computed 24.44 °C and 54.17 %RH (their pressure code was wrong; 996.21 hPa).
            byte[] block1 =
            {
                0x6C, 0x6E, 0x77, 0x66, 0x32, 0x00, 0xA8, 0x92, 0x27, 0xD5, 0xD0, 0x0B, 0x6F, 0x18, 0xCA, 0xFF,
                0xF9, 0xFF, 0xAC, 0x26, 0x0A, 0xD8, 0xBD, 0x10, 0x00, 0x4B,
            };
            byte[] block2 = { 0x65, 0x01, 0x00, 0x14, 0x0B, 0x00, 0x1E };
            Bme280Calibration calibration = new Bme280Calibration();
            Assert.IsNull(calibration.Load(block1, 0, block2, 0));

            Assert.AreEqual(2444, calibration.CompensateTemperature(0x817FB));
            Assert.AreEqual(125113, calibration.TemperatureFine);
            Assert.AreEqual(55478, calibration.CompensateHumidityQ22_10(0x7913), "54.177 %RH in Q22.10");
            Assert.AreEqual(25502995L, calibration.CompensatePressureQ24_8(0x55338), "996.21 hPa in Q24.8");
        }

        [TestMethod]
        public void TheDatasheetExampleGivesItsTemperatureAndPressure()
        {
            // The worked example of the BMP280 datasheet (same formulas as the BME280's section 4.2.3):
            // adc_T 519888 is 25.08 °C (t_fine 128422), adc_P 415148 is 100653 Pa.
            byte[] block1 = new byte[26];
            Put(block1, 0, 27504);
            Put(block1, 2, 26435);
            Put(block1, 4, -1000);
            Put(block1, 6, 36477);
            Put(block1, 8, -10685);
            Put(block1, 10, 3024);
            Put(block1, 12, 2855);
            Put(block1, 14, 140);
            Put(block1, 16, -7);
            Put(block1, 18, 15500);
            Put(block1, 20, -14600);
            Put(block1, 22, 6000);
            block1[25] = 75;
            byte[] block2 = { 0x6A, 0x01, 0x00, 0x13, 0x2A, 0x03, 0x1E };
            Bme280Calibration calibration = new Bme280Calibration();
            Assert.IsNull(calibration.Load(block1, 0, block2, 0));

            Assert.AreEqual(2508, calibration.CompensateTemperature(519888));
            Assert.AreEqual(128422, calibration.TemperatureFine);
            Assert.AreEqual(100653L, (calibration.CompensatePressureQ24_8(415148) + 128) >> 8);
        }

        [TestMethod]
        public void BlankOrFloatingCalibrationIsRejected()
        {
            Bme280Calibration calibration = new Bme280Calibration();
            Assert.Contains("all zeros", calibration.Load(new byte[26], 0, new byte[7], 0));
            byte[] ones1 = new byte[26];
            byte[] ones2 = new byte[7];
            for (int i = 0; i < ones1.Length; i++)
            {
                ones1[i] = 0xFF;
            }

            for (int i = 0; i < ones2.Length; i++)
            {
                ones2[i] = 0xFF;
            }

            Assert.Contains("all ones", calibration.Load(ones1, 0, ones2, 0));
        }

        [TestMethod]
        public void NegativeHumidityCoefficientsKeepTheirSign()
        {
            // dig_H4 = 0xF4 << 4 | 5 and dig_H5 = 0xFE << 4 | 0xA are 12-bit signed: -187 and -22.
            byte[] block1 = new byte[26];
            Put(block1, 0, 27504);
            Put(block1, 2, 26435);
            Put(block1, 6, 36477);
            byte[] block2 = { 0x6A, 0x01, 0x00, 0xF4, 0xA5, 0xFE, 0x1E };
            Bme280Calibration calibration = new Bme280Calibration();
            Assert.IsNull(calibration.Load(block1, 0, block2, 0));
            calibration.CompensateTemperature(519888);

            // Signed, the offset term adds and the result clamps at 100 %; read unsigned (dig_H4 = 3909) it would clamp at 0 %.
            Assert.AreEqual(100 * 1024, calibration.CompensateHumidityQ22_10(40000));
        }

        private static void Put(byte[] block, int offset, int value)
        {
            block[offset] = (byte)value;
            block[offset + 1] = (byte)(value >> 8);
        }
    }
}
