using System;
using System.IO;
using Firmware.Host.Ota;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>
    /// The twin's entry point as a user meets it: help with the exit codes, a suggestion for a mistyped ota command, the
    /// exit code of a run that never reached its broker and the failure in the twin's own words, and the handling of
    /// OTA keys (a private key refused where a public one belongs, a new private key readable by its owner only).
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
