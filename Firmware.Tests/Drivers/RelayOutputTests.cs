using Firmware.Drivers.Relay;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    [TestClass]
    public class RelayOutputTests
    {
        [TestMethod]
        public void IsOffAtBootOnBothPolarities()
        {
            FakeDigitalOutput high = new FakeDigitalOutput();
            RelayOutput relay = new RelayOutput("heater", high, true, new FakeClock(), 60, 60);
            Assert.IsFalse(relay.IsOn);
            Assert.IsFalse(high.High);
            Assert.AreEqual(1, high.Writes, "driven to off in the constructor");

            FakeDigitalOutput low = new FakeDigitalOutput();
            new RelayOutput("heater", low, false, new FakeClock(), 60, 60);
            Assert.IsTrue(low.High, "an active-low module is off with the pin high");
        }

        [TestMethod]
        public void HoldsTheMinimumOffTimeFromBootAndTheMinimumOnTime()
        {
            FakeClock clock = new FakeClock();
            FakeDigitalOutput pin = new FakeDigitalOutput();
            RelayOutput relay = new RelayOutput("heater", pin, true, clock, 120, 60);

            clock.Sleep(59000);
            Assert.IsFalse(relay.Switch(true), "boot starts an off period");
            Assert.IsFalse(pin.High);
            clock.Sleep(1000);
            Assert.IsTrue(relay.Switch(true));
            Assert.IsTrue(pin.High);
            Assert.IsTrue(relay.Switch(true), "already on");

            clock.Sleep(119999);
            Assert.IsFalse(relay.Switch(false), "minimum on time");
            Assert.IsTrue(pin.High);
            clock.Sleep(1);
            Assert.IsTrue(relay.Switch(false));
            Assert.IsFalse(pin.High);
            Assert.AreEqual(1, relay.Cycles);
            Assert.AreEqual(2, relay.HeldRequests);
        }

        [TestMethod]
        public void SafetyOffCutsTheOnTimeButNotTheOffTime()
        {
            FakeClock clock = new FakeClock();
            FakeDigitalOutput pin = new FakeDigitalOutput();
            RelayOutput relay = new RelayOutput("heater", pin, true, clock, 300, 60);
            clock.Sleep(60000);
            Assert.IsTrue(relay.Switch(true));
            clock.Sleep(10000);

            relay.SwitchOffNow();
            Assert.IsFalse(relay.IsOn);
            Assert.IsFalse(pin.High);
            Assert.AreEqual(1, relay.ForcedOffs);

            clock.Sleep(30000);
            Assert.IsFalse(relay.Switch(true), "the minimum off time follows a safety stop");
            clock.Sleep(30000);
            Assert.IsTrue(relay.Switch(true));
        }

        [TestMethod]
        public void RefusesNegativeMinimumTimes()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new RelayOutput("heater", new FakeDigitalOutput(), true, new FakeClock(), -1, 0));
        }

        [TestMethod]
        public void AnUptimeJumpingBackwardsRestartsTheMinimumTimeInsteadOfHoldingTheRelayUntilTheClockCatchesUp()
        {
            FakeClock clock = new FakeClock();
            FakeDigitalOutput pin = new FakeDigitalOutput();
            RelayOutput relay = new RelayOutput("heater", pin, true, clock, 120, 60);
            clock.Sleep(3600000);
            Assert.IsTrue(relay.Switch(true));

            clock.Sleep(60000);
            clock.UptimeMilliseconds = 1000;
            Assert.IsFalse(relay.Switch(false), "the minimum on time is never shortened");
            Assert.IsTrue(relay.MillisecondsInState >= 0, "time in state is never negative");
            clock.Sleep(120000);
            Assert.IsTrue(relay.Switch(false), "a full minimum on time after the jump, not an hour later");
            Assert.IsFalse(pin.High);
        }
    }
}
