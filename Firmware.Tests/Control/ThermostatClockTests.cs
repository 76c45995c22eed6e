using Firmware.Control;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Control
{
    /// <summary>The controller's timers when the uptime clock misbehaves, and settings changed while a timer runs.</summary>
    [TestClass]
    public class ThermostatClockTests
    {
        private const int Minute = 60000;

        [TestMethod]
        public void AnUptimeJumpingBackwardsNeitherHoldsTheHeaterOnNorStretchesTheMaximumOnTime()
        {
            FakeClock clock = new FakeClock();
            FakeRelay relay = new FakeRelay();
            ThermostatSettings settings = new ThermostatSettings();
            settings.MaximumOnSeconds = 600;
            Thermostat thermostat = new Thermostat(relay, clock, settings, null, 2 * Minute);
            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 1800);
            Assert.IsTrue(relay.IsOn);

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
            Thermostat thermostat = new Thermostat(relay, clock, new ThermostatSettings(), null, 2 * Minute);
            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 1800);
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
            Thermostat thermostat = new Thermostat(relay, clock, new ThermostatSettings(), null, 2 * Minute);
            clock.Sleep(3 * Minute);
            Step(thermostat, clock, 1800);
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

        private static void Step(Thermostat thermostat, FakeClock clock, int centi)
        {
            thermostat.Update(true, centi, clock.UptimeMilliseconds);
        }
    }
}
