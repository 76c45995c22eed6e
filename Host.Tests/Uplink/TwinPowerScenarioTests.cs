using Firmware.Host.Tests.Support;
using Firmware.Tools.Bench.Uplink;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Uplink
{
    /// <summary>
    /// The measured goal of docs/power.md, from twin runs with the device's own ledger: at least 4 times the life of a
    /// device connecting at every sample, at the default board profile. Two weeks of device time each: the long tier.
    /// </summary>
    [TestClass]
    public sealed class TwinPowerScenarioTests
    {
        [TestMethod]
        public void StoreAndForwardLastsAtLeastFourTimesAsLongOnTwinRuns()
        {
            if (!Tier.IsLong)
            {
                Assert.Inconclusive("two weeks of twin runs: ./test.sh --long (dotnet run --project tools/Bench -- twin-power gives the figures)");
            }

            TwinPowerScenario.Settings settings = new TwinPowerScenario.Settings();
            TwinPowerScenario.Run ours = TwinPowerScenario.Simulate(settings, storeAndForward: true);
            TwinPowerScenario.Run baseline = TwinPowerScenario.Simulate(settings, storeAndForward: false);

            double ratio = ours.LifeDays(settings.BatteryMilliampHours) / baseline.LifeDays(settings.BatteryMilliampHours);
            Assert.IsTrue(ratio >= 4, $"ratio {ratio:0.00}");
            Assert.AreEqual(0L, ours.Report.Lost);
        }
    }
}
