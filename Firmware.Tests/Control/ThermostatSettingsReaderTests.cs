using Firmware.Control;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Control
{
    /// <summary>Commands for the thermostat: accepted whole, or rejected with a clear message and nothing changed.</summary>
    [TestClass]
    public class ThermostatSettingsReaderTests
    {
        [TestMethod]
        public void ABareNumberIsANewSetpoint()
        {
            ThermostatSettings current = new ThermostatSettings();
            ThermostatSettings next = Apply(current, "21.5");
            Assert.IsNotNull(next);
            Assert.AreEqual(2150, next.SetpointCenti);
            Assert.AreEqual(2100, current.SetpointCenti, "the current settings object is never changed");
        }

        [TestMethod]
        public void AnObjectSetsSeveralSettingsAtOnce()
        {
            ThermostatSettings next = Apply(new ThermostatSettings(), "{\"setpoint\": 19, \"hysteresis\": 0.4, \"minOnSeconds\": 300, \"minOffSeconds\": 240, \"maxOnSeconds\": 7200, \"cutoff\": 28.5}");
            Assert.IsNotNull(next);
            Assert.AreEqual(1900, next.SetpointCenti);
            Assert.AreEqual(40, next.HysteresisCenti);
            Assert.AreEqual(300, next.MinimumOnSeconds);
            Assert.AreEqual(240, next.MinimumOffSeconds);
            Assert.AreEqual(7200, next.MaximumOnSeconds);
            Assert.AreEqual(2850, next.CutoffCenti);
        }

        [TestMethod]
        [DataRow("45", "setpoint must be 5 °C to 30 °C, not 45 °C")]
        [DataRow("{\"setpoint\": 2}", "setpoint must be 5 °C to 30 °C, not 2 °C")]
        [DataRow("{\"hysteresis\": -0.5}", "hysteresis must be greater than 0 °C, not -0.5 °C")]
        [DataRow("{\"hysteresis\": 0}", "hysteresis must be greater than 0 °C, not 0 °C")]
        [DataRow("\"warm\"", "setpoint must be a number in °C, e.g. 21.5, not a string")]
        [DataRow("{\"setpoint\": \"21\"}", "setpoint must be a number in °C, e.g. 21.5, not a string")]
        [DataRow("{\"setpoint\": true}", "setpoint must be a number in °C, e.g. 21.5, not a boolean")]
        [DataRow("{\"setpoint\": null}", "setpoint must be a number in °C, e.g. 21.5, not null")]
        [DataRow("{\"setpoint\": 21.555}", "setpoint must be a temperature in °C with at most two decimals, e.g. 21.5")]
        [DataRow("{\"minOnSeconds\": 1.5}", "minOnSeconds must be a whole number of seconds")]
        [DataRow("{\"minOffSeconds\": \"60\"}", "minOffSeconds must be a whole number of seconds, not a string")]
        [DataRow("{\"setpiont\": 21}", "unknown thermostat setting 'setpiont' (known: setpoint, hysteresis, cutoff, minOnSeconds, minOffSeconds, maxOnSeconds, mode)")]
        [DataRow("{\"mode\": \"cool\"}", "mode must be \"heat\" or \"off\", not \"cool\"")]
        [DataRow("{\"mode\": \"HEAT\"}", "mode must be \"heat\" or \"off\", not \"HEAT\"")]
        [DataRow("{\"mode\": 1}", "mode must be \"heat\" or \"off\", not a number")]
        [DataRow("{\"mode\": null}", "mode must be \"heat\" or \"off\", not null")]
        [DataRow("[21]", "a thermostat command must be a number (the setpoint in °C) or a JSON object")]
        [DataRow("warm", "a thermostat command must be a number (the setpoint in °C) or a JSON object: expected a value at byte 0")]
        [DataRow("", "a thermostat command must be a number (the setpoint in °C) or a JSON object: unexpected end of input at byte 0")]
        [DataRow("{\"setpoint\": 21", "unexpected end of input at byte 15")]
        [DataRow("21 22", "unexpected data after the JSON value at byte 3")]
        public void BadInputIsRejectedWithAClearMessageAndThePreviousSettingsKept(string json, string expected)
        {
            ThermostatSettings current = new ThermostatSettings();
            ThermostatSettingsReader reader = new ThermostatSettingsReader();
            byte[] bytes = Utf8.GetBytes(json);

            ThermostatSettings next = reader.Apply(current, bytes, 0, bytes.Length);

            Assert.IsNull(next, json);
            Assert.AreEqual(expected, reader.Error);
            Assert.IsTrue(current.SameAs(new ThermostatSettings()), "previous settings kept");
        }

        [TestMethod]
        public void TheModeIsHeatOrOffAndKeepsTheOtherSettings()
        {
            ThermostatSettings current = Apply(new ThermostatSettings(), "{\"setpoint\": 19.5}");
            ThermostatSettings off = Apply(current, "{\"mode\":\"off\"}");
            Assert.AreEqual(ThermostatSettings.ModeOff, off.Mode);
            Assert.IsTrue(off.IsOff);
            Assert.AreEqual(1950, off.SetpointCenti, "a mode alone changes nothing else");
            Assert.IsFalse(off.SameAs(current));

            ThermostatSettings heat = Apply(off, "{\"mode\":\"heat\",\"setpoint\":21}");
            Assert.AreEqual(ThermostatSettings.ModeHeat, heat.Mode);
            Assert.AreEqual(2100, heat.SetpointCenti);
            Assert.AreEqual(ThermostatSettings.ModeOff, Apply(off, "22").Mode, "a bare setpoint keeps the mode");
        }

        [TestMethod]
        public void ARejectedCommandInTheMiddleOfAGoodOneChangesNothing()
        {
            ThermostatSettings current = new ThermostatSettings();
            Assert.IsNull(Apply(current, "{\"setpoint\": 22, \"hysteresis\": -1}"));
            Assert.AreEqual(2100, current.SetpointCenti);
        }

        private static ThermostatSettings Apply(ThermostatSettings current, string json)
        {
            byte[] bytes = Utf8.GetBytes(json);
            return new ThermostatSettingsReader().Apply(current, bytes, 0, bytes.Length);
        }
    }
}
