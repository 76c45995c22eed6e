using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Firmware.Host.Ota;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>
    /// The twin's entry point as a user meets it: help with the exit codes, a suggestion for a mistyped ota command, the
    /// exit code of a run that never reached its broker and the failure in the twin's own words, and the handling of
    /// OTA keys (a private key refused where a public one belongs, a new private key readable by its owner only), and the
    /// end-of-run report as JSON for scripts (--report-json).
    /// </summary>
    [TestClass]
    public sealed class TwinEntryPointTests
    {
        [TestMethod]
        public void HelpListsTheOptionsTheOtaCommandsAndTheExitCodes()
        {
            Assert.AreEqual(TwinExitCodes.Success, RunMain(out string output, out _, "--help"));

            StringAssert.Contains(output, "--broker <URL>");
            StringAssert.Contains(output, "--duration <D>");
            StringAssert.Contains(output, "ota ...");
            StringAssert.Contains(output, "Exit codes:");
            StringAssert.Contains(output, "  0  the run ended");
            StringAssert.Contains(output, "  2  a bad option, value or file (nothing ran)");
            StringAssert.Contains(output, "  3  the device never reached the broker in the whole run");
        }

        [TestMethod]
        public void AMistypedOtaCommandIsAnsweredWithTheOneMeantAndTheOtaCommandsStillRun()
        {
            Assert.AreEqual(TwinExitCodes.Usage, RunMain(out _, out string error, "ota", "keygn", "--out", "x"));
            Assert.AreEqual("error: unknown ota command 'keygn' (see ota --help); did you mean keygen?", error.Trim());

            Assert.AreEqual(TwinExitCodes.Usage, RunMain(out _, out error, "otaa", "keygen"));
            StringAssert.Contains(error, "did you mean ota?");

            Assert.AreEqual(0, RunMain(out string usage, out _, "ota", "--help"));
            StringAssert.StartsWith(usage, "firmware-twin ota:");
            Assert.AreEqual(2, RunMain(out _, out error, "ota", "show"));
            StringAssert.Contains(error, "ota show takes 1 file");
        }

        [TestMethod]
        public void ARunThatNeverReachedItsBrokerExitsWith3AndSaysWhyInTheTwinsWords()
        {
            string flash = Path.Combine(Path.GetTempPath(), "twin-unreachable-" + Guid.NewGuid().ToString("N") + ".flash");
            try
            {
                int exit = RunMain(out string output, out string error, "--broker", "mqtt://127.0.0.1:1", "--duration", "90m", "--speed", "50000", "--flash", flash, "--fresh");

                Assert.AreEqual(TwinExitCodes.BrokerNeverReached, exit, output + error);
                StringAssert.Contains(output, "warning: the observer cannot use the broker: 127.0.0.1:1 refused the connection (no broker listens there)");
                StringAssert.Contains(output, "failed: broker: broker unreachable: 127.0.0.1:1 refused the connection");
                StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"broker: never reached in \d+ attempt\(s\) \(exit code 3\); last: broker unreachable: 127\.0\.0\.1:1 refused"));
                foreach (string library in new[] { "Unspecified", "Error while connecting", "The MQTT client", "Connection refused" })
                {
                    Assert.IsFalse(output.Contains(library, StringComparison.Ordinal), $"library text '{library}' in: {output}");
                }
            }
            finally
            {
                File.Delete(flash);
            }
        }

        [TestMethod]
        public void APrivateKeyIsRefusedWhereTheTwinTrustsAPublicOne()
        {
            string dir = Directory.CreateTempSubdirectory("twin-keys-").FullName;
            try
            {
                (byte[] privateKey, byte[] publicKey) = OtaKeys.FromSeed(11);
                OtaKeys.WritePrivate(Path.Combine(dir, "root.key"), privateKey);
                OtaKeys.WritePublic(Path.Combine(dir, "root.pub"), publicKey);

                Assert.IsNull(TwinOptions.Parse(new[] { "--ota-key", Path.Combine(dir, "root.key") }, out string error));
                Assert.AreEqual($"--ota-key: '{Path.Combine(dir, "root.key")}' is a private key; give its public key (the .pub file ota keygen wrote beside it): "
                    + "a device holds only public keys, the signing key stays offline", error);
                CollectionAssert.AreEqual(publicKey, TwinOptions.Parse(new[] { "--ota-key", Path.Combine(dir, "root.pub") }, out _).RootKeys[0]);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [TestMethod]
        public void KeygenWritesThePrivateKeyReadableByItsOwnerOnly()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("Unix file modes");
                return;
            }

            string dir = Directory.CreateTempSubdirectory("twin-keygen-").FullName;
            try
            {
                string name = Path.Combine(dir, "root");
                File.WriteAllText(name + ".key", "an older file, readable by everyone");
                File.SetUnixFileMode(name + ".key", (UnixFileMode)0b110_100_100);

                Assert.AreEqual(0, RunMain(out _, out string error, "ota", "keygen", "--out", name), error);

                Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(name + ".key"), "the private key");
                StringAssert.StartsWith(File.ReadAllText(name + ".key"), OtaKeys.PrivatePrefix);
                Assert.IsTrue(OtaKeys.ReadPrivate(name + ".key").Length == 32);

                Assert.AreEqual(0, RunMain(out _, out error, "ota", "keygen", "--out", Path.Combine(dir, "fresh")), error);
                Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "fresh.key")), "a new private key");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [TestMethod]
        public void TheReportIsAlsoWrittenAsJsonWithTheFiguresThePrintedReportShows()
        {
            string dir = Directory.CreateTempSubdirectory("twin-report-").FullName;
            string report = Path.Combine(dir, "report.json");
            try
            {
                int exit = RunMain(out string output, out string error, "--duration", "2h", "--speed", "50000", "--quiet", "--flash", Path.Combine(dir, "twin.flash"),
                    "--fresh", "--report-json", report);

                Assert.AreEqual(TwinExitCodes.Success, exit, output + error);
                JsonObject json = JsonNode.Parse(File.ReadAllText(report)).AsObject();
                Assert.AreEqual(exit, (int)json["exitCode"]);
                double deviceTime = (double)json["deviceTimeSeconds"];
                Assert.IsTrue(deviceTime >= 7200 && deviceTime < 7500, $"2 h and the last wake, not {deviceTime} s");
                JsonObject readings = json["readings"].AsObject();
                Match line = Regex.Match(output, @"readings: (\d+) sampled, (\d+) delivered, (\d+) duplicated, (\d+) lost, (\d+) held for later, (\d+) dropped");
                Assert.IsTrue(line.Success, output);
                Assert.AreEqual(24, (int)readings["sampled"], "one reading every 5 minutes for 2 hours");
                string[] keys = { "sampled", "delivered", "duplicated", "lost", "held", "dropped" };
                for (int i = 0; i < keys.Length; i++)
                {
                    Assert.AreEqual(long.Parse(line.Groups[i + 1].Value), (long)readings[keys[i]], keys[i]);
                }

                Match radio = Regex.Match(output, @"radio: (\d+) session\(s\), (\d+) without network");
                Assert.AreEqual(int.Parse(radio.Groups[1].Value), (int)json["radio"]["sessions"]);
                JsonObject energy = json["energy"].AsObject();
                Assert.AreEqual("battery", (string)energy["power"]);
                double phases = energy["phasesMicroampHours"].AsObject().Sum(p => (double)p.Value);
                Assert.AreEqual((double)energy["ledgerMilliampHours"] * 1000, phases, 2.0, "the phases add up to the ledger's total");
                // The JSON keeps three decimals and the printed report none: rounding the JSON's figure again could
                // land on the other integer (612.4996 prints 612, its JSON 612.5 would print 613).
                Match average = Regex.Match(output, @"µAh per reading, average (\d+) µA");
                Assert.IsTrue(average.Success, output);
                Assert.AreEqual((double)energy["averageMicroamps"], double.Parse(average.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.5 + 1e-3, "the printed average is the JSON's, rounded");
                Assert.IsNull(json["thermostat"], "a sensor has no thermostat");

                Assert.AreEqual(TwinExitCodes.Usage, RunMain(out _, out error, "--report-json", Path.Combine(dir, "missing", "r.json")));
                StringAssert.Contains(error, "--report-json: no folder");
                Assert.AreEqual(TwinExitCodes.Usage, RunMain(out _, out error, "--report-json", dir));
                StringAssert.Contains(error, "--report-json needs a file name");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>Runs the entry point with its output and errors captured.</summary>
        private static int RunMain(out string output, out string error, params string[] args)
        {
            TextWriter stdout = Console.Out;
            TextWriter stderr = Console.Error;
            StringWriter capturedOut = new StringWriter();
            StringWriter capturedError = new StringWriter();
            try
            {
                Console.SetOut(capturedOut);
                Console.SetError(capturedError);
                return Program.Main(args);
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
                output = capturedOut.ToString();
                error = capturedError.ToString();
            }
        }
    }
}
