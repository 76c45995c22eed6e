using Firmware.Device;
using Firmware.Power;
using Firmware.Tools.Bench.Uplink;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.HomeAssistant
{
    /// <summary>
    /// What Home Assistant's discovery costs a battery device in its own ledger (the bench's discovery scenario, on a
    /// stepped clock): one publish in two days of sessions, charged as its bytes' transmit time and one round trip of
    /// listening for its PUBACK.
    /// </summary>
    [TestClass]
    public sealed class DiscoveryCostTests
    {
        [TestMethod]
        public void TheDiscoveryIsOnePublishChargedAsItsBytesAndOneRoundTrip()
        {
            (EnergyLedger on, SteppedRoundTripLink link) = DiscoveryCostScenario.Simulate(2 * 288, true);
            (EnergyLedger off, SteppedRoundTripLink none) = DiscoveryCostScenario.Simulate(2 * 288, false);

            Assert.AreEqual(48, on.RadioSessions, "a session an hour");
            Assert.AreEqual(1, link.CountedMessages, "one discovery in 48 sessions");
            Assert.AreEqual(0, none.CountedMessages, "none when it is off");
            Assert.IsTrue(link.CountedBytes > 2000 && link.CountedBytes < 4000, link.CountedBytes + " bytes");
            long tx = on.Microseconds(PowerPhase.RadioTransmit) - off.Microseconds(PowerPhase.RadioTransmit);
            // Within 100 bytes: the statuses carry the ledger's figures, a character longer or shorter in one run.
            Assert.AreEqual(link.CountedBytes * 8 / RadioSession.TransmitBitsPerMicrosecond, tx, 100 * 8 / RadioSession.TransmitBitsPerMicrosecond, "its bytes' transmit time");
            Assert.AreEqual(DiscoveryCostScenario.RoundTripMilliseconds * 1000L, on.Microseconds(PowerPhase.RadioReceive) - off.Microseconds(PowerPhase.RadioReceive),
                "one round trip of listening for its PUBACK");
            Assert.AreEqual(on.Wakes, off.Wakes);
            Assert.IsTrue(on.TotalNanoampHours - off.TotalNanoampHours < off.TotalNanoampHours / 1000, "under a thousandth of the device's charge over two days");
        }
    }
}
