using System;
using System.Linq;
using Firmware.Host.Hardware.Bmxx80;
using Firmware.Host.Scenarios;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Control
{
    /// <summary>
    /// The thermostat closing the loop on the simulated room over simulated days with outdoor swings: the real
    /// application, device loop, thermostat and drivers on a stepped clock. Judged from the room and the relay's
    /// wire, not the firmware's counters.
    /// </summary>
    [TestClass]
    public sealed class ThermostatClosedLoopTests
    {
        private const long TwoHours = 2 * 3_600_000;

        public TestContext TestContext { get; set; }

        [TestMethod]
        public void TheReferenceDayHoldsTheBandWithinTheCycleLimitAndTheMinimumTimes()
        {
            // Colder than about -5 °C outside, the reference room's 2 kW heater needs more than two hours to warm
            // it from 17 °C (it loses 1.5 kW at -10 °C), so the two-hour criterion covers -2 °C and up.
            double[] outdoorMeans = Tier.Choose(new[] { 2.0 }, new[] { -2.0, 2.0, 8.0 });
            foreach (double outdoor in outdoorMeans)
            {
                ThermostatScenarioOptions options = new ThermostatScenarioOptions
                {
                    Duration = TimeSpan.FromDays(Tier.Choose(1, 3)),
                    OutdoorMeanCelsius = outdoor,
                };
                ThermostatScenarioResult result = ThermostatScenario.Run(options);
                using (var writer = new System.IO.StringWriter())
                {
                    result.Print(writer);
                    TestContext.WriteLine(writer.ToString());
                }

                var late = result.Samples.Where(s => s.At >= TwoHours).ToList();
                var outside = late.Where(s => !result.Within(s.Celsius)).ToList();
                Assert.AreEqual(0, outside.Count, $"outdoor {outdoor} °C: room outside setpoint ± band at " + string.Join(", ", outside.Take(5).Select(s => $"{s.At / 60000} min: {s.Celsius:0.000} °C")));
                Assert.IsTrue(result.Samples[0].Celsius < 20.5, "the run starts cold, so the first two hours are a real warm-up");

                int[] perHour = result.CyclesPerHour();
                Assert.IsTrue(perHour.All(c => c <= result.MaxCyclesPerHour), $"cycles per hour {string.Join(",", perHour)} exceed {result.MaxCyclesPerHour}");
                Assert.IsTrue(perHour.Sum() > 10, "the heater cycles (the test would prove nothing if it ran flat out)");

                (long shortestOn, long shortestOff) = result.ShortestPeriods();
                Assert.IsTrue(shortestOn >= result.MinimumOnSeconds * 1000L, $"an on period of {shortestOn} ms");
                Assert.IsTrue(shortestOff >= result.MinimumOffSeconds * 1000L, $"an off period of {shortestOff} ms");
                Assert.AreEqual(0, result.Problems.Count(p => !p.StartsWith("uplink", StringComparison.Ordinal)), string.Join("\n", result.Problems.Take(5)));
            }
        }

        [TestMethod]
        public void TheNetworkBeingDownAllDayChangesNothingInControl()
        {
            ThermostatScenarioResult up = ThermostatScenario.Run(new ThermostatScenarioOptions { NetworkUp = true });
            ThermostatScenarioResult down = ThermostatScenario.Run(new ThermostatScenarioOptions { NetworkUp = false });
            TestContext.WriteLine($"network up: {up.ReadingsDelivered} readings delivered in {up.RealTime.TotalSeconds:0.0} s; down: {down.ReadingsDelivered} delivered, {down.RadioSessions} failed connects");

            Assert.AreEqual(1440, up.ReadingsDelivered, "with the network up every reading reached the broker");
            Assert.AreEqual(0, down.ReadingsDelivered);
            Assert.IsTrue(down.RadioSessions > 0, "with the network down the firmware kept trying");
            CollectionAssert.AreEqual(up.RelayChanges.ToArray(), down.RelayChanges.ToArray(), "the relay switched at the same instants");
            CollectionAssert.AreEqual(up.Samples.ToArray(), down.Samples.ToArray(), "the room went through the same temperatures");
        }

        [TestMethod]
        [DataRow(BoschChipFault.AddressNack)]
        [DataRow(BoschChipFault.WrongChipId)]
        [DataRow(BoschChipFault.SkippedConversion)]
        public void ASensorFailureMidRunSwitchesTheHeaterOffWithinOneSample(BoschChipFault failure)
        {
            ThermostatScenarioOptions options = new ThermostatScenarioOptions
            {
                Duration = TimeSpan.FromHours(12),
                SensorFailsWhileHeatingAfter = TimeSpan.FromHours(6),
                SensorFailure = failure,
                SensorFailureLasts = TimeSpan.FromMinutes(30),
            };
            ThermostatScenarioResult result = ThermostatScenario.Run(options);

            Assert.IsTrue(result.SensorFailedAt > 0, "the failure was injected while heating");
            var off = result.RelayChanges.First(c => c.At >= result.SensorFailedAt);
            Assert.IsFalse(off.Energised);
            Assert.IsTrue(off.At - result.SensorFailedAt <= options.SampleIntervalSeconds * 1000L, $"heater off {off.At - result.SensorFailedAt} ms after the failure");
            Assert.IsFalse(result.RelayChanges.Any(c => c.Energised && c.At > result.SensorFailedAt && c.At < result.SensorClearedAt), "no heating without a sensor");
            Assert.IsTrue(result.RelayChanges.Any(c => c.Energised && c.At > result.SensorClearedAt), "control resumes when the sensor answers again");
            Assert.IsTrue(result.Problems.Any(p => p.Contains("bme280", StringComparison.Ordinal)), "the fault was reported");

            (long _, long shortestOff) = result.ShortestPeriods();
            Assert.IsTrue(shortestOff >= result.MinimumOffSeconds * 1000L, "the minimum off time holds after a safety stop too");
        }
    }
}
