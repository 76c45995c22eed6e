using System.Collections.Generic;
using CsCheck;
using Firmware.Drivers.Relay;
using Firmware.Host.Hardware;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Drivers
{
    /// <summary>
    /// Property: whatever sequence of requests arrives at whatever times, the wire (the simulated pin, not the
    /// driver's own counters) never shows an on period shorter than the minimum on time unless it was a safety
    /// stop, never an off period shorter than the minimum off time (boot counts as the start of one), and the
    /// relay is off from the first write at boot.
    /// </summary>
    [TestClass]
    public sealed class RelayPropertyTests
    {
        private const int MinimumOnSeconds = 120;
        private const int MinimumOffSeconds = 90;

        [TestMethod]
        public void MinimumOnAndOffTimesAreNeverViolatedOnTheWire()
        {
            // (milliseconds until the request, 0 = on, 1 = off, 2 = safety off)
            Gen<(int Wait, int Request)> step = Gen.Select(Gen.Int[0, 200_000], Gen.Int[0, 2]);
            step.Array[1, 300].Sample(steps => Check(steps, activeHigh: true), iter: Tier.Choose(500, 20_000), threads: 1, seed: "0N0XIzNsQ0O2");
            step.Array[1, 300].Sample(steps => Check(steps, activeHigh: false), iter: Tier.Choose(200, 5_000), threads: 1, seed: "0N0XIzNsQ0O3");
        }

        private static void Check((int Wait, int Request)[] steps, bool activeHigh)
        {
            SteppedClock clock = new SteppedClock(0);
            SimulatedRelayPin pin = new SimulatedRelayPin(() => clock.UptimeMilliseconds, activeHigh);
            RelayOutput relay = new RelayOutput("heater", pin, activeHigh, clock, MinimumOnSeconds, MinimumOffSeconds);
            Assert.IsFalse(pin.Energised, "off at boot");
            Assert.AreEqual(activeHigh ? false : true, pin.Level, "the pin is driven to the off level at boot");

            HashSet<long> safetyStops = new HashSet<long>();
            foreach ((int wait, int request) in steps)
            {
                clock.Advance(wait);
                if (request == 2)
                {
                    if (relay.IsOn)
                    {
                        safetyStops.Add(clock.UptimeMilliseconds);
                    }

                    relay.SwitchOffNow();
                }
                else
                {
                    bool granted = relay.Switch(request == 0);
                    Assert.AreEqual(granted ? request == 0 : request != 0, relay.IsOn, "Switch returns whether the relay is now as asked");
                }

                Assert.AreEqual(relay.IsOn, pin.Energised, "the driver's state is the wire's");
            }

            var changes = pin.Changes;
            Assert.IsFalse(changes[0].Energised);
            for (int i = 1; i < changes.Count; i++)
            {
                long length = changes[i].At - changes[i - 1].At;
                if (changes[i - 1].Energised)
                {
                    Assert.IsTrue(length >= MinimumOnSeconds * 1000L || safetyStops.Contains(changes[i].At), $"on for {length} ms at {changes[i - 1].At}");
                }
                else
                {
                    Assert.IsTrue(length >= MinimumOffSeconds * 1000L, $"off for {length} ms at {changes[i - 1].At}");
                }
            }
        }
    }
}
