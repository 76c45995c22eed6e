using System.IO;
using Firmware.Host.Tests.Support;
using Firmware.Power;
using Firmware.Tools.Bench.Power;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Power
{
    /// <summary>
    /// The projection in docs/power.md is what tools/Bench computes now. The goal is 4 times the baseline's life; two
    /// measured choices bring it to 3.89×, a narrow miss the document reports: the CPU time per wake measured on the
    /// runtime and scaled to an ESP32 (360 ms instead of an estimated 50: 4.26× to 3.98×), and a backoff cap of twice the
    /// radio interval instead of six hours, which brings a device back to the broker about 40 minutes after an outage
    /// instead of about two hours (3.98× to 3.89×; docs/uplink.md). The test holds the projection there (at least 3.85×)
    /// so that nothing lowers it further unnoticed.
    /// </summary>
    [TestClass]
    public sealed class PowerProjectionTests
    {
        [TestMethod]
        public void StoreAndForwardLastsNearlyFourTimesAsLongAsConnectingAtEverySampleOnTheDefaultProfile()
        {
            PowerScenarioSettings settings = new PowerScenarioSettings();
            PowerRunResult ours = PowerSimulation.Run(BoardProfile.Esp32WroomTwoAa(), settings, DeviceStrategy.StoreAndForward);
            PowerRunResult baseline = PowerSimulation.Run(BoardProfile.Esp32WroomTwoAa(), settings, DeviceStrategy.ConnectEverySample);

            double ratio = ours.LifeDays(2500) / baseline.LifeDays(2500);
            Assert.IsTrue(ratio >= 3.85, $"ratio {ratio:0.00} (the goal is 4; the measured CPU per wake and the faster recovery cap gave 3.89)");
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
