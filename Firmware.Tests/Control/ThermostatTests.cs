using Firmware.Control;
using Firmware.Device;
using Firmware.Ports;
using Firmware.Readings;
using Firmware.Tests.Fakes;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Control
{
    /// <summary>The controller step by step: hysteresis, minimum and maximum times, cut-off, failed and stale sensors.</summary>
    [TestClass]
    public class ThermostatTests
    {
        private const int Minute = 60000;

        [TestMethod]
        public void HeatsBelowTheBandAndStopsAboveIt()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            Thermostat thermostat = Create(relay, clock);
            clock.Sleep(3 * 60000);

            Step(thermostat, clock, 2080);
            Assert.IsFalse(thermostat.HeatingOn, "20.80 °C is inside the band (on at 20.75)");
            Step(thermostat, clock, 2075);
            Assert.IsTrue(thermostat.HeatingOn);
            clock.Sleep(3 * 60000);
            Step(thermostat, clock, 2120);
            Assert.IsTrue(thermostat.HeatingOn, "off only at 21.25");
            Step(thermostat, clock, 2125);
            Assert.IsFalse(thermostat.HeatingOn);
            Assert.IsNull(thermostat.Fault);
            Assert.AreEqual(2125, thermostat.TemperatureCenti);
        }

        [TestMethod]
        public void KeepsTheMinimumOffTimeFromBootAndTheMinimumOnTime()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            Thermostat thermostat = Create(relay, clock);

            Step(thermostat, clock, 1500);
            Assert.IsFalse(thermostat.HeatingOn, "cold, but the minimum off time runs from boot");
            clock.Sleep(179000);
            Step(thermostat, clock, 1500);
            Assert.IsFalse(thermostat.HeatingOn);
            clock.Sleep(1000);
            Step(thermostat, clock, 1500);
            Assert.IsTrue(thermostat.HeatingOn);

            clock.Sleep(Minute);
            Step(thermostat, clock, 2200);
            Assert.IsTrue(thermostat.HeatingOn, "minimum on time");
            clock.Sleep(2 * Minute);
            Step(thermostat, clock, 2200);
            Assert.IsFalse(thermostat.HeatingOn);
            Assert.AreEqual(1, relay.SwitchOns);
        }

        [TestMethod]
        public void AFailedSensorSwitchesOffAtOnceAndIsReported()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            Thermostat thermostat = HeatingNow(relay, clock);

            thermostat.Update(false, 0, clock.UptimeMilliseconds);
            Assert.IsFalse(relay.IsOn, "off at once, minimum on time or not");
            Assert.AreEqual(1, relay.SafetyOffs);
            Assert.AreEqual("temperature sensor failed: heater off", thermostat.Fault);
            Assert.IsFalse(thermostat.HasTemperature);
            Assert.AreEqual(1, thermostat.SafetyStops);

            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 1800);
            Assert.IsTrue(relay.IsOn, "control resumes with the sensor");
            Assert.IsNull(thermostat.Fault);
        }

        [TestMethod]
        public void AStaleReadingSwitchesOff()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            Thermostat thermostat = HeatingNow(relay, clock);

            thermostat.Update(true, 1800, clock.UptimeMilliseconds - (3 * Minute));
            Assert.IsFalse(relay.IsOn);
            Assert.AreEqual("temperature is stale (180 s old): heater off", thermostat.Fault);
        }

        [TestMethod]
        public void TheCutOffStopsAtOnceAndHoldsUntilABandBelowIt()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            ThermostatSettings settings = new ThermostatSettings();
            settings.SetpointCenti = 3000;
            settings.CutoffCenti = 3200;
            Thermostat thermostat = new Thermostat(relay, clock, settings, null, 2 * Minute);
            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 2900);
            Assert.IsTrue(relay.IsOn);

            Step(thermostat, clock, 3200);
            Assert.IsFalse(relay.IsOn);
            Assert.AreEqual("over-temperature cut-off: 32 °C reached the cut-off of 32 °C", thermostat.Fault);

            clock.Sleep(10 * Minute);
            Step(thermostat, clock, 3160);
            Assert.IsFalse(relay.IsOn, "latched until below cut-off minus the band");
            Step(thermostat, clock, 2900);
            Assert.IsTrue(relay.IsOn);
        }

        [TestMethod]
        public void TheMaximumOnTimeRestsTheHeater()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            ThermostatSettings settings = new ThermostatSettings();
            settings.MaximumOnSeconds = 600;
            Thermostat thermostat = new Thermostat(relay, clock, settings, null, 2 * Minute);
            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 1500);
            Assert.IsTrue(relay.IsOn);

            clock.Sleep(10 * Minute);
            Step(thermostat, clock, 1600);
            Assert.IsFalse(relay.IsOn);
            Assert.AreEqual(1, thermostat.MaximumOnStops);
            Assert.StartsWith("heater ran its maximum on time of 600 s", thermostat.Fault);

            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 1600);
            Assert.IsTrue(relay.IsOn, "after the minimum off time it heats again");
        }

        [TestMethod]
        public void ReadsTheTemperatureChannelOfADeviceReadingAtItsScale()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            FakeSensor sensor = new FakeSensor("climate", new SensorChannel[]
            {
                new SensorChannel("humidity", "%RH", -1),
                new SensorChannel("temperature", "Cel", -3),
            });
            ChannelTable channels = new ChannelTable(new ISensor[] { sensor });
            Thermostat thermostat = new Thermostat(relay, clock, new ThermostatSettings(), channels, 2 * Minute);
            Reading reading = new Reading(2);
            clock.Sleep(3 * Minute);

            reading.Values[1] = 19999;
            reading.ValidMask = 0x3;
            thermostat.Update(reading, clock.UptimeMilliseconds);
            Assert.AreEqual(1999, thermostat.TemperatureCenti);
            Assert.IsTrue(relay.IsOn);

            reading.ValidMask = 0x1;
            thermostat.Update(reading, clock.UptimeMilliseconds);
            Assert.IsFalse(relay.IsOn, "an invalid temperature channel is a failed sensor");
        }

        [TestMethod]
        public void WithoutATemperatureChannelTheHeaterStaysOff()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            FakeSensor sensor = new FakeSensor("light", new SensorChannel[] { new SensorChannel("illuminance", "lx", 0) });
            Thermostat thermostat = new Thermostat(relay, clock, new ThermostatSettings(), new ChannelTable(new ISensor[] { sensor }), 2 * Minute);
            clock.Sleep(3 * Minute);
            Reading reading = new Reading(1);
            reading.ValidMask = 1;
            thermostat.Update(reading, clock.UptimeMilliseconds);
            Assert.IsFalse(relay.IsOn);
            Assert.AreEqual("no temperature channel: the heater stays off", thermostat.Fault);
        }

        [TestMethod]
        public void NewSettingsApplyOnlyWhenValid()
        {
            Thermostat thermostat = Create(new FakeRelay(), new FakeClock());
            ThermostatSettings bad = new ThermostatSettings();
            bad.HysteresisCenti = -10;
            Assert.AreEqual("hysteresis must be greater than 0 °C, not -0.1 °C", thermostat.Apply(bad));
            Assert.AreEqual(50, thermostat.Settings.HysteresisCenti);

            ThermostatSettings good = new ThermostatSettings();
            good.SetpointCenti = 1900;
            Assert.IsNull(thermostat.Apply(good));
            Assert.AreEqual(1900, thermostat.SetpointCenti);
        }

        [TestMethod]
        public void WritesItsStateForTheRetainedRecord()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            Thermostat thermostat = HeatingNow(relay, clock);
            JsonWriter writer = new JsonWriter();
            byte[] buffer = new byte[200];
            writer.Reset(buffer, 0, buffer.Length);
            writer.BeginObject();
            thermostat.WriteState(writer);
            writer.EndObject();
            Assert.AreEqual("{\"heating\":true,\"setpoint\":21,\"hysteresis\":0.5,\"fault\":null,\"mode\":\"heat\",\"action\":\"heating\"}", Utf8.Decode(buffer, 0, writer.Length));
        }

        [TestMethod]
        public void SwitchedOffTheHeaterGoesOffWithinItsMinimumOnTimeAndStaysOffInTheCold()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            Thermostat thermostat = HeatingNow(relay, clock);
            Assert.AreEqual("heating", thermostat.Action);

            ThermostatSettings off = thermostat.Settings;
            off.Mode = ThermostatSettings.ModeOff;
            Assert.IsNull(thermostat.Apply(off));
            clock.Sleep(Minute);
            Step(thermostat, clock, 1500);
            Assert.IsFalse(thermostat.HeatingOn, "off, though its minimum on time has not passed");
            Assert.IsNull(thermostat.Fault, "switched off by its owner is no fault");
            Assert.AreEqual("off", thermostat.Action);
            for (int i = 0; i < 30; i++)
            {
                clock.Sleep(Minute);
                Step(thermostat, clock, 1200);
            }

            Assert.IsFalse(thermostat.HeatingOn, "12 °C for half an hour: still off");
            Assert.AreEqual(1, relay.SwitchOns);

            ThermostatSettings heat = thermostat.Settings;
            heat.Mode = ThermostatSettings.ModeHeat;
            thermostat.Apply(heat);
            Step(thermostat, clock, 1200);
            Assert.IsTrue(thermostat.HeatingOn, "heating again in heat mode");
        }

        [TestMethod]
        public void SwitchedOffASensorFailureIsStillReported()
        {
            FakeClock clock = new FakeClock();
            ThermostatSettings off = new ThermostatSettings();
            off.Mode = ThermostatSettings.ModeOff;
            Thermostat thermostat = new Thermostat(new FakeRelay(), clock, off, null, 2 * Minute);
            thermostat.Update(false, 0, clock.UptimeMilliseconds);
            Assert.AreEqual("temperature sensor failed: heater off", thermostat.Fault);
            Assert.AreEqual("off", thermostat.Action);
            Step(thermostat, clock, 2000);
            Assert.IsNull(thermostat.Fault);
            Assert.AreEqual("off", thermostat.Action);
        }

        [TestMethod]
        public void AnUptimeJumpingBackwardsNeitherHoldsTheHeaterOnNorStretchesTheMaximumOnTime()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            ThermostatSettings settings = new ThermostatSettings();
            settings.MaximumOnSeconds = 600;
            Thermostat thermostat = HeatingNow(relay, clock, settings);

            // Nine minutes into the on period the uptime reads 0 again.
            clock.Sleep(9 * Minute);
            clock.UptimeMilliseconds = 0;
            Step(thermostat, clock, 1900);
            Assert.IsTrue(relay.IsOn, "a minimum on time is never cut short by the jump");
            clock.Sleep(10 * Minute);
            Step(thermostat, clock, 1900);
            Assert.IsFalse(relay.IsOn, "the maximum on time counts at most from the jump, not from an uptime the clock will take 13 minutes to reach");
            Assert.AreEqual(1, thermostat.MaximumOnStops);
        }

        [TestMethod]
        public void AnUptimeJumpingBackwardsDoesNotHoldTheHeaterOnAboveTheBand()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            Thermostat thermostat = HeatingNow(relay, clock);
            clock.Sleep(60 * Minute);
            clock.UptimeMilliseconds = 0;
            Step(thermostat, clock, 2200);
            Assert.IsTrue(relay.IsOn, "the minimum on time restarts from the jump");
            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 2200);
            Assert.IsFalse(relay.IsOn, "above the band once a full minimum on time has passed since the jump");
        }

        [TestMethod]
        public void ASetpointRaisedDuringTheMinimumOffTimeWaitsForIt()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            Thermostat thermostat = new Thermostat(relay, clock, new ThermostatSettings(), null, 2 * Minute);
            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 2000);
            Assert.IsTrue(relay.IsOn);
            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 2130);
            Assert.IsFalse(relay.IsOn);

            ThermostatSettings warmer = thermostat.Settings;
            warmer.SetpointCenti = 2500;
            Assert.IsNull(thermostat.Apply(warmer));
            clock.Sleep(Minute);
            Step(thermostat, clock, 2130);
            Assert.IsFalse(relay.IsOn, "a new setpoint does not shorten the minimum off time");
            clock.Sleep(2 * Minute);
            Step(thermostat, clock, 2130);
            Assert.IsTrue(relay.IsOn);
        }

        [TestMethod]
        public void ASensorFailingDuringTheMinimumOnTimeSwitchesOffAtOnceAndTheMinimumOffTimeFollows()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            Thermostat thermostat = HeatingNow(relay, clock);
            clock.Sleep(Minute);
            thermostat.Update(false, 0, clock.UptimeMilliseconds);
            Assert.IsFalse(relay.IsOn, "safety wins over the minimum on time");

            clock.Sleep(Minute);
            Step(thermostat, clock, 1800);
            Assert.IsFalse(relay.IsOn, "the minimum off time runs from the safety stop");
            clock.Sleep(2 * Minute);
            Step(thermostat, clock, 1800);
            Assert.IsTrue(relay.IsOn);
        }

        private static Thermostat Create(FakeRelay relay, FakeClock clock)
        {
            return new Thermostat(relay, clock, new ThermostatSettings(), null, 2 * Minute);
        }

        private static Thermostat HeatingNow(FakeRelay relay, FakeClock clock)
        {
            return HeatingNow(relay, clock, new ThermostatSettings());
        }

        private static Thermostat HeatingNow(FakeRelay relay, FakeClock clock, ThermostatSettings settings)
        {
            Thermostat thermostat = new Thermostat(relay, clock, settings, null, 2 * Minute);
            clock.Sleep(3 * 60000);
            Step(thermostat, clock, 1800);
            Assert.IsTrue(relay.IsOn);
            return thermostat;
        }

        private static void Step(Thermostat thermostat, FakeClock clock, int centi)
        {
            thermostat.Update(true, centi, clock.UptimeMilliseconds);
        }
    }
}
