using Firmware.Drivers.Relay;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Drivers
{
    /// <summary>The relay's minimum times when the uptime clock jumps backwards.</summary>
    [TestClass]
    public class RelayOutputClockTests
    {
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
