using System.IO;
using Firmware.Host.Tests.Support;
using Firmware.Power;
using Firmware.Tools.Bench.Power;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Power
{
    /// <summary>The projection in docs/power.md is what tools/Bench computes now, and it meets the goal.</summary>
    [TestClass]
    public sealed class PowerProjectionTests
    {
        [TestMethod]
        public void StoreAndForwardLastsAtLeastFourTimesAsLongAsConnectingAtEverySampleOnTheDefaultProfile()
        {
            PowerScenarioSettings settings = new PowerScenarioSettings();
            PowerRunResult ours = PowerSimulation.Run(BoardProfile.Esp32WroomTwoAa(), settings, DeviceStrategy.StoreAndForward);
            PowerRunResult baseline = PowerSimulation.Run(BoardProfile.Esp32WroomTwoAa(), settings, DeviceStrategy.ConnectEverySample);

            double ratio = ours.LifeDays(2500) / baseline.LifeDays(2500);
            Assert.IsTrue(ratio >= 4, $"ratio {ratio:0.00}");
            Assert.IsTrue(ours.Readings - ours.Delivered < 12 * 6, "store-and-forward loses nothing but what is still buffered at the end");
        }

        [TestMethod]
        public void TheDocumentQuotesTheCalculatorsCurrentOutput()
        {
            StringWriter output = new StringWriter();
            Assert.AreEqual(0, PowerScenario.Run(new string[0], output));
            string document = File.ReadAllText(Repository.PathOf("docs/power.md"));
            string quoted = output.ToString().Replace("### ", "#### ").Replace("\r\n", "\n").TrimEnd();

            Assert.IsTrue(document.Replace("\r\n", "\n").Contains(quoted, System.StringComparison.Ordinal),
                "docs/power.md does not quote the output of: dotnet run --project tools/Bench -- power (paste it again)");
        }
    }
}
