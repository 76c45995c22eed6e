using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>What the twin prints while it runs: every radio session (when, how long, readings delivered, how it ended) and progress lines, in a run of known length and in one without.</summary>
    [TestClass]
    public sealed class TwinSessionLogTests
    {
        private static readonly Regex Session = new Regex(@"\] info  radio    session (\d+) from (\d+d \d\d:\d\d:\d\d), (\d+\.\d) s: (\d+) reading\(s\) delivered; (.+)");

        [TestMethod]
        public void EveryRadioSessionIsPrintedWithTheReadingsItDelivered()
        {
            string flash = Path.Combine(Path.GetTempPath(), "twin-sessions-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                TwinOptions options = TwinOptions.Parse(new[] { "--duration", "3h", "--speed", "50000", "--flash", flash, "--fresh" }, out string error);
                Assert.IsNull(error, error);
                StringWriter output = new StringWriter();

                TwinReport report = Firmware.Host.Twin.Run(options, output, CancellationToken.None);

                Match[] sessions = output.ToString().Split('\n').Select(l => Session.Match(l)).Where(m => m.Success).ToArray();
                Assert.AreEqual(report.RadioSessions, sessions.Length, output.ToString());
                // To the minute: at 50,000× a loaded machine's scheduling jitter is seconds of device time.
                CollectionAssert.AreEqual(new[] { "0d 00:00", "0d 01:00", "0d 02:00" }, sessions.Select(m => m.Groups[2].Value.Substring(0, 8)).ToArray(), "a session at power-on, then one an hour");
                Assert.IsTrue(sessions.All(m => m.Groups[5].Value.TrimEnd('\r') == "ok"), output.ToString());
                Assert.IsTrue(sessions.All(m => double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2.0), "each took at least the Wi-Fi connect");
                Assert.AreEqual(report.DeliveredThisRun, sessions.Sum(m => int.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture)), output.ToString());
                Assert.AreEqual(10, output.ToString().Split('\n').Count(l => l.StartsWith("progress ", StringComparison.Ordinal)), "a line at every tenth of the run");
            }
            finally
            {
                File.Delete(flash);
            }
        }

        [TestMethod]
        public void ARunWithoutADurationPrintsProgressAsItGoes()
        {
            string flash = Path.Combine(Path.GetTempPath(), "twin-progress-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                TwinOptions options = TwinOptions.Parse(new[] { "--speed", "600", "--quiet", "--flash", flash, "--fresh" }, out string error);
                Assert.IsNull(error, error);
                options.ProgressEvery = TimeSpan.FromMilliseconds(400);
                using CancellationTokenSource stop = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));
                StringWriter output = new StringWriter();

                Firmware.Host.Twin.Run(options, output, stop.Token);

                string[] progress = output.ToString().Split('\n').Where(l => l.StartsWith("progress ", StringComparison.Ordinal)).ToArray();
                Assert.IsTrue(progress.Length >= 3, "progress every 400 ms of a 2.5 s run: " + output);
                StringAssert.Matches(progress[0], new Regex(@"^progress [\d.]+[smh]: \d+ sampled, \d+ received, \d+ radio session\(s\), radio [\d.]+ s, [\d.]+ mAh used, battery [\d.]+ %"));
            }
            finally
            {
                File.Delete(flash);
            }
        }
    }
}
