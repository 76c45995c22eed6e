using Firmware.Control;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Control
{
    [TestClass]
    public class ThermostatSettingsTests
    {
        [TestMethod]
        public void TheDefaultsAreValid()
        {
            ThermostatSettings settings = new ThermostatSettings();
            Assert.IsNull(settings.Validate());
            Assert.AreEqual(10, settings.MaxCyclesPerHour, "3600 s / (180 s on + 180 s off)");
        }

        [TestMethod]
        public void EachLimitHasItsOwnMessage()
        {
            Assert.AreEqual("setpoint must be 5 °C to 30 °C, not 45 °C", With(4500, 50, 3500).Validate());
            Assert.AreEqual("setpoint must be 5 °C to 30 °C, not -1.5 °C", With(-150, 50, 3500).Validate());
            Assert.AreEqual("hysteresis must be greater than 0 °C, not -0.5 °C", With(2100, -50, 3500).Validate());
            Assert.AreEqual("hysteresis must be greater than 0 °C, not 0 °C", With(2100, 0, 3500).Validate());
            Assert.AreEqual("hysteresis must be 0.1 °C to 5 °C, not 7 °C", With(2100, 700, 3500).Validate());
            Assert.AreEqual("cutoff (22 °C) must be above setpoint + hysteresis (22 °C)", With(2100, 100, 2200).Validate());

            ThermostatSettings times = new ThermostatSettings();
            times.MinimumOnSeconds = -5;
            Assert.AreEqual("minOnSeconds must be 0 to 3600, not -5", times.Validate());
            times.MinimumOnSeconds = 1200;
            times.MaximumOnSeconds = 900;
            Assert.AreEqual("maxOnSeconds (900) must not be below minOnSeconds (1200)", times.Validate());
        }

        [TestMethod]
        public void TheCodecRoundTripsAndRejectsWhatItDidNotWrite()
        {
            ThermostatSettings settings = With(1950, 30, 2800);
            settings.MinimumOnSeconds = 240;
            settings.MaximumOnSeconds = 7200;
            byte[] record = new byte[40];
            Assert.AreEqual(ThermostatSettingsCodec.EncodedLength, ThermostatSettingsCodec.Encode(settings, record, 5));

            string error;
            ThermostatSettings back = ThermostatSettingsCodec.Decode(record, 5, ThermostatSettingsCodec.EncodedLength, out error);
            Assert.IsNull(error);
            Assert.IsTrue(settings.SameAs(back));

            Assert.IsNull(ThermostatSettingsCodec.Decode(record, 5, 25, out error));
            Assert.AreEqual("thermostat settings record is 25 bytes, not 26", error);

            record[30] = 2;
            Assert.IsNull(ThermostatSettingsCodec.Decode(record, 5, 26, out error));
            Assert.AreEqual("thermostat settings record has mode 2 (0 heat, 1 off)", error);
            record[30] = 0;

            record[5] = 9;
            Assert.IsNull(ThermostatSettingsCodec.Decode(record, 5, 26, out error));
            Assert.AreEqual("thermostat settings record has version 9; this firmware reads versions 1 and 2", error);

            record[5] = 2;
            record[6] = 0xFF;
            record[7] = 0xFF;
            Assert.IsNull(ThermostatSettingsCodec.Decode(record, 5, 26, out error));
            Assert.StartsWith("thermostat settings record is invalid: setpoint must be", error);

            Assert.IsNull(ThermostatSettingsCodec.Decode(record, 5, 0, out error));
            Assert.AreEqual("thermostat settings record is empty", error);
        }

        [TestMethod]
        public void TheModeRoundTripsAndARecordOfEarlierFirmwareReadsAsHeat()
        {
            ThermostatSettings settings = With(1950, 30, 2800);
            settings.Mode = ThermostatSettings.ModeOff;
            byte[] record = new byte[ThermostatSettingsCodec.EncodedLength];
            ThermostatSettingsCodec.Encode(settings, record, 0);
            string error;
            ThermostatSettings back = ThermostatSettingsCodec.Decode(record, 0, record.Length, out error);
            Assert.IsNull(error);
            Assert.AreEqual(ThermostatSettings.ModeOff, back.Mode);
            Assert.IsTrue(settings.SameAs(back));

            // Version 1: the same six integers, no mode byte.
            record[0] = 1;
            ThermostatSettings earlier = ThermostatSettingsCodec.Decode(record, 0, ThermostatSettingsCodec.Version1Length, out error);
            Assert.IsNull(error);
            Assert.AreEqual(ThermostatSettings.ModeHeat, earlier.Mode);
            Assert.AreEqual(1950, earlier.SetpointCenti);
            Assert.IsNull(ThermostatSettingsCodec.Decode(record, 0, record.Length, out error), "version 1 is 25 bytes");
        }

        [TestMethod]
        public void AModeOtherThanHeatOrOffIsInvalid()
        {
            ThermostatSettings settings = new ThermostatSettings();
            Assert.AreEqual(ThermostatSettings.ModeHeat, settings.Mode);
            settings.Mode = "cool";
            Assert.AreEqual("mode must be \"heat\" or \"off\"", settings.Validate());
            settings.Mode = null;
            Assert.AreEqual("mode must be \"heat\" or \"off\"", settings.Validate());
        }

        private static ThermostatSettings With(int setpoint, int hysteresis, int cutoff)
        {
            ThermostatSettings settings = new ThermostatSettings();
            settings.SetpointCenti = setpoint;
            settings.HysteresisCenti = hysteresis;
            settings.CutoffCenti = cutoff;
            return settings;
        }
    }
}
