using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    /// <summary>The twin's command line refuses bad options and files with a message and exit code 2, never a stack trace.</summary>
    [TestClass]
    public sealed class TwinCommandLineTests
    {
        [TestMethod]
        [DataRow(new[] { "--speed", "NaN" }, "--speed must be")]
        [DataRow(new[] { "--speed", "-Infinity" }, "--speed must be")]
        [DataRow(new[] { "--broker", "mqtt://127.0.0.1:0" }, "port 1 to 65535")]
        [DataRow(new[] { "--flash", "/nonexistent-twin-dir/sub/x.flash" }, "no folder")]
        [DataRow(new[] { "--duration", "0.1ms" }, "shorter than 1 ms")]
        [DataRow(new[] { "--radio-interval", "36500d" }, "at most 7d")]
        [DataRow(new[] { "--radio-interval", "1m", "--sample-interval", "5m" }, "at least the sample interval")]
        [DataRow(new[] { "--sample-interval", "10m", "--radio-interval", "5m" }, "at least the sample interval")]
        public void RefusesOutOfRangeValues(string[] args, string reason)
        {
            Assert.IsNull(TwinOptions.Parse(args, out string error));
            Assert.IsNotNull(error);
            StringAssert.Contains(error, reason);
        }

        [TestMethod]
        public void TheSpeedTakesTheDocumentedExponentForm()
        {
            TwinOptions o = TwinOptions.Parse(new[] { "--speed", "1e9" }, out string error);
            Assert.IsNull(error, error);
            Assert.AreEqual(1e9, o.Speed);
        }

        [TestMethod]
        [DataRow("not json", "not JSON")]
        [DataRow("[1]", "a JSON object")]
        [DataRow("{\"backoffCapSeconds\": -1}", "backoffCapSeconds")]
        [DataRow("{\"radioIntervalSeconds\": 60}", "radioIntervalSeconds")]
        [DataRow("{\"deviceId\": \"a/b\"}", "deviceId")]
        public void ABadConfigurationFileIsRefusedBeforeTheRunStarts(string content, string reason)
        {
            string file = ConfigFile(content);
            try
            {
                Assert.IsNull(TwinOptions.Parse(new[] { "--config", file }, out string error));
                StringAssert.Contains(error, reason);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [TestMethod]
        public void TheConfigurationFilesDeviceIdIsUsedUnlessTheCommandLineGivesOne()
        {
            string file = ConfigFile("{\"deviceId\": \"kitchen\"}");
            try
            {
                TwinOptions fromFile = TwinOptions.Parse(new[] { "--config", file }, out string error);
                Assert.IsNull(error, error);
                Assert.AreEqual("kitchen", (string)fromFile.DeployedConfiguration("127.0.0.1", 1883)["deviceId"]);

                TwinOptions given = TwinOptions.Parse(new[] { "--config", file, "--device-id", "hall" }, out error);
                Assert.IsNull(error, error);
                Assert.AreEqual("hall", (string)given.DeployedConfiguration("127.0.0.1", 1883)["deviceId"]);

                TwinOptions neither = TwinOptions.Parse(Array.Empty<string>(), out error);
                Assert.AreEqual("twin-1", (string)neither.DeployedConfiguration("127.0.0.1", 1883)["deviceId"]);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [TestMethod]
        [DataRow("a/b")]
        [DataRow("")]
        [DataRow("dev#1")]
        public void ADeviceIdTheFirmwareWouldRefuseIsRefused(string id)
        {
            Assert.IsNull(TwinOptions.Parse(new[] { "--device-id", id }, out string error));
            StringAssert.Contains(error, "--device-id");
        }

        [TestMethod]
        public void TheEntryPointAnswersABadConfigurationFileWithExitCode2AndAMessage()
        {
            string file = ConfigFile("not json");
            TextWriter error = Console.Error;
            StringWriter captured = new StringWriter();
            try
            {
                Console.SetError(captured);
                Assert.AreEqual(2, Program.Main(new[] { "--config", file, "--duration", "1m" }));
            }
            finally
            {
                Console.SetError(error);
                File.Delete(file);
            }

            StringAssert.StartsWith(captured.ToString(), "error: --config");
            Assert.IsFalse(captured.ToString().Contains("   at ", StringComparison.Ordinal), captured.ToString());
        }
    
        private static string ConfigFile(string content)
        {
            string file = Path.Combine(Path.GetTempPath(), "twin-config-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(file, content);
            return file;
        }
}
}
