using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Firmware.Host.Mqtt;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>
    /// The thermostat role as a user runs it: its device time passes at the --speed asked for, and its report says what
    /// the device did (its boots, the spacing of its samples, a setpoint it applied) and what it cannot say yet (no
    /// completed on period, no settled room), and gives a mains device's energy, never a battery it does not have.
    /// </summary>
    [TestClass]
    public sealed class TwinThermostatReportTests
    {
        [TestMethod]
        public void ARunTakesItsDeviceTimeOverTheSpeedInRealTime()
        {
            TwinOptions options = Options("3h", "4000", NewFlash(), "--fresh");

            TwinReport report = Firmware.Host.Twin.Run(options, TextWriter.Null, CancellationToken.None);

            // 3 h of mostly sleeping device time at x4000 is 2.7 s of real time, as a sensor's run would be.
            Assert.IsTrue(report.RealTime >= TimeSpan.FromSeconds(2.4), $"3 h at x4000 took {report.RealTime.TotalSeconds:0.00} s");
            Assert.AreEqual(180, report.Sampled);
        }

        [TestMethod]
        public void AShortRunSaysWhatItCannotJudgeAndAMainsDeviceReportsEnergyNotABattery()
        {
            string flash = NewFlash();
            try
            {
                TwinReport first = Run(out string output, Options("36m", "20000", flash, "--fresh"));

                StringAssert.Contains(output, "no on period, shortest off period");
                StringAssert.Contains(output, "time within setpoint ± hysteresis: not enough data");
                Assert.IsFalse(output.Contains(long.MaxValue.ToString()[..8], StringComparison.Ordinal), output);
                Assert.IsFalse(output.Contains("0.0 % of samples", StringComparison.Ordinal), output);
                StringAssert.Matches(output, new Regex(@"energy \(mains, no battery\): \d+\.\d mA average at 2\.6 V, \d+\.\d\d Wh/day; \d+\.\d{3} mAh in this run"));
                Assert.IsTrue(first.Mains);
                Assert.IsTrue(first.MainsAverageMilliamps > 10 && first.MainsAverageMilliamps < 200, $"{first.MainsAverageMilliamps} mA");

                TwinReport second = Run(out output, Options("36m", "20000", flash));

                Assert.AreEqual(first.RunMicroampHours, second.RunMicroampHours, first.RunMicroampHours * 0.2, "the second run reports its own energy, not the sum of both");
                foreach (string battery in new[] { "battery at", "projected life", "mAh used, battery" })
                {
                    Assert.IsFalse(output.Contains(battery, StringComparison.Ordinal), $"'{battery}' in a mains device's run: {output}");
                }
            }
            finally
            {
                File.Delete(flash);
            }
        }

        [TestMethod]
        public void TheReportCountsTheBootsTheLogShowsTheSpacingTheDeviceUsedAndTheLogShowsAnAppliedSetpoint()
        {
            string flash = NewFlash();
            try
            {
                using MosquittoBroker broker = MosquittoBroker.Start();
                Publisher.Publish(broker.Port, "sensors/twin-1/cmd/config", "{\"version\":1,\"sampleIntervalSeconds\":120}", true);
                Publisher.Publish(broker.Port, "sensors/twin-1/cmd/setpoint", "{\"setpoint\":19.5,\"hysteresis\":0.4}", true);

                TwinReport report = Run(out string output, Options("1h", "20000", flash, "--fresh", "--broker", $"mqtt://127.0.0.1:{broker.Port}"));

                int bootLines = output.Split('\n').Count(l => l.Contains("] info  storage  boot ", StringComparison.Ordinal));
                Assert.AreEqual(2, bootLines, output);
                Assert.AreEqual(bootLines, report.Boots, "the boots the log shows");
                StringAssert.Contains(output, "2 boot(s) (1 of them the application starting again after a configuration change)");
                StringAssert.Contains(output, "samples every 120 s, network up", "the spacing the device used after the change");
                StringAssert.Contains(output, "info  cmd      setpoint applied: 19.5 °C, hysteresis 0.4 °C, heater on at least");
                Assert.AreEqual(1950, report.Thermostat.SetpointCenti);
            }
            finally
            {
                File.Delete(flash);
            }
        }

        private static string NewFlash() => Path.Combine(Path.GetTempPath(), "thermostat-report-" + Guid.NewGuid().ToString("N") + ".flash");

        private static TwinOptions Options(string duration, string speed, string flash, params string[] more)
        {
            TwinOptions options = TwinOptions.Parse(new[] { "--role", "thermostat", "--duration", duration, "--speed", speed, "--flash", flash }.Concat(more).ToArray(), out string error);
            Assert.IsNull(error, error);
            return options;
        }

        private static TwinReport Run(out string output, TwinOptions options)
        {
            StringWriter captured = new StringWriter();
            TwinReport report = Firmware.Host.Twin.Run(options, captured, CancellationToken.None);
            report.Print(captured);
            output = captured.ToString();
            return report;
        }
    }
}
