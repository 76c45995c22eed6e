using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Twin
{
    [TestClass]
    public sealed class TwinOptionsTests
    {
        [TestMethod]
        public void ParsesTheDocumentedOptions()
        {
            TwinOptions o = TwinOptions.Parse(new[] { "--broker", "mqtt://example.test:1884", "--device-id", "kitchen", "--duration", "6h", "--speed", "20000", "--seed", "7", "--sample-interval", "1m" }, out string error);
            Assert.IsNull(error);
            Assert.AreEqual("example.test", o.BrokerHost);
            Assert.AreEqual(1884, o.BrokerPort);
            Assert.AreEqual("kitchen", o.DeviceId);
            Assert.AreEqual(TimeSpan.FromHours(6), o.Duration);
            Assert.AreEqual(20000, o.Speed);
            Assert.AreEqual(7, o.Seed);
            Assert.AreEqual(TimeSpan.FromMinutes(1), o.SampleInterval);
            Assert.IsFalse(o.UseEmbeddedBroker);
        }

        [TestMethod]
        public void TheFlashFileDefaultsToTheDevicesFileUnderDotTwin()
        {
            TwinOptions o = TwinOptions.Parse(new[] { "--device-id", "kitchen" }, out string error);
            Assert.IsNull(error);
            Assert.AreEqual(System.IO.Path.Combine(".twin", "kitchen.flash"), o.FlashPathFor("kitchen"));
            Assert.IsFalse(o.Fresh);

            TwinOptions given = TwinOptions.Parse(new[] { "--flash", "/tmp/x.flash", "--fresh" }, out error);
            Assert.IsNull(error);
            Assert.AreEqual("/tmp/x.flash", given.FlashPathFor("kitchen"));
            Assert.IsTrue(given.Fresh);
        }

        [TestMethod]
        public void DefaultsToTheEmbeddedBroker()
        {
            TwinOptions o = TwinOptions.Parse(Array.Empty<string>(), out string error);
            Assert.IsNull(error);
            Assert.IsTrue(o.UseEmbeddedBroker);
            Assert.AreEqual(TimeSpan.Zero, o.Duration);
        }

        [TestMethod]
        [DataRow("90s", 90_000)]
        [DataRow("45m", 2_700_000)]
        [DataRow("6h", 21_600_000)]
        [DataRow("2d", 172_800_000)]
        [DataRow("1.5h", 5_400_000)]
        [DataRow("1500ms", 1_500)]
        [DataRow("1h30m", 5_400_000)]
        [DataRow("1h30m15s", 5_415_000)]
        [DataRow("2d12h", 216_000_000)]
        [DataRow("1m500ms", 60_500)]
        public void ParsesDurations(string text, long milliseconds)
        {
            Assert.IsTrue(DurationText.TryParse(text, out TimeSpan d, out string error), error);
            Assert.AreEqual(milliseconds, (long)d.TotalMilliseconds);
        }

        [TestMethod]
        [DataRow("1h30", "'1h30' has no known unit after 30")]
        [DataRow("30m1h", "its parts must go from the largest unit down, each unit once")]
        [DataRow("1h1h", "its parts must go from the largest unit down, each unit once")]
        [DataRow("1.5h30m", "a duration of several parts takes whole numbers")]
        [DataRow("1h 30m", "not a duration")]
        [DataRow("1w", "'1w' has no known unit ('w'): use ms, s, m, h or d")]
        [DataRow("h", "not a duration")]
        public void ABadDurationIsRefusedWithWhatIsWrongWithIt(string text, string reason)
        {
            Assert.IsFalse(DurationText.TryParse(text, out _, out string error));
            StringAssert.Contains(error, reason);
            Assert.IsNull(TwinOptions.Parse(new[] { "--duration", text }, out string optionError));
            Assert.AreEqual("--duration: " + error, optionError);
        }

        [TestMethod]
        public void AMistypedOptionIsAnsweredWithTheOneMeant()
        {
            Assert.IsNull(TwinOptions.Parse(new[] { "--durration", "6h", "--sped", "100" }, out string error));
            Assert.AreEqual("unknown option '--durration' (see --help); did you mean --duration?\nunknown option '--sped' (see --help); did you mean --speed or --seed?", error);
        }

        [TestMethod]
        public void EveryProblemOfACommandLineIsSaidAtOnce()
        {
            Assert.IsNull(TwinOptions.Parse(new[] { "--speed", "0", "--role", "heater", "--port" }, out string error));
            Assert.AreEqual("--port needs a value\n--speed must be a number from 1 to 1e9, not '0'\n--role must be sensor or thermostat, not 'heater'", error);
        }

        [TestMethod]
        public void TheHardwareSeedIsFreshUnlessASeedIsGiven()
        {
            TwinOptions unseeded = TwinOptions.Parse(new[] { "--duration", "1h" }, out string error);
            Assert.IsNull(error);
            Assert.IsNull(unseeded.HardwareSeed);
            Assert.AreEqual(1, unseeded.Seed);

            TwinOptions seeded = TwinOptions.Parse(new[] { "--seed", "-5" }, out error);
            Assert.IsNull(error);
            Assert.AreEqual(-5, seeded.HardwareSeed);
            Assert.AreEqual(-5, seeded.Seed);
            Assert.AreEqual(-5, seeded.Faults.Seed);
        }

        [TestMethod]
        public void AnOptionGivenTwiceIsRefusedButRepeatableOnesAdd()
        {
            Assert.IsNull(TwinOptions.Parse(new[] { "--duration", "1h", "--duration", "2h" }, out string error));
            Assert.AreEqual("--duration is given more than once", error);

            TwinOptions o = TwinOptions.Parse(new[] { "--fault-broker-down", "1h-2h", "--fault-broker-down", "3h-4h,5h-6h" }, out error);
            Assert.IsNull(error);
            Assert.AreEqual(3, o.Faults.BrokerDownWindows.Count);
        }

        [TestMethod]
        [DataRow(new[] { "--duration", "6" }, "no known unit")]
        [DataRow(new[] { "--duration", "-1h" }, "not a duration")]
        [DataRow(new[] { "--duration" }, "needs a value")]
        [DataRow(new[] { "--speed", "0.5" }, "--speed must be")]
        [DataRow(new[] { "--broker", "http://x:1" }, "mqtt://host:port")]
        [DataRow(new[] { "--port", "70000" }, "--port must be")]
        [DataRow(new[] { "--sample-interval", "500ms" }, "whole seconds")]
        [DataRow(new[] { "--config", "/nonexistent/device.json" }, "no file")]
        [DataRow(new[] { "--frobnicate" }, "unknown option")]
        [DataRow(new[] { "--ota-key", "/nonexistent/root.pub" }, "--ota-key: no file")]
        [DataRow(new[] { "--factory-bundle", "/nonexistent/fw.bin" }, "--factory-bundle: no file")]
        public void RejectsBadOptionsWithAReason(string[] args, string reason)
        {
            Assert.IsNull(TwinOptions.Parse(args, out string error));
            Assert.IsNotNull(error);
            Assert.IsTrue(error.Contains(reason, StringComparison.Ordinal), error);
        }

        [TestMethod]
        public void TheUsageNamesEveryOption()
        {
            foreach (string option in new[] { "--role", "--flash", "--fresh", "--fault-broker-down", "--fault-drop-after", "--fault-lose-pubacks", "--ota-key", "--factory-bundle", "ota ...",
                "--ca-certificate", "--client-certificate", "--client-key", "--user-name", "--password", "mqtts://" })
            {
                StringAssert.Contains(TwinOptions.Usage, option);
            }
        }

        [TestMethod]
        public void TakesRootKeysAndAFactoryBundle()
        {
            string dir = System.IO.Directory.CreateTempSubdirectory("twin-options-").FullName;
            try
            {
                (byte[] _, byte[] publicKey) = Firmware.Host.Ota.OtaKeys.FromSeed(5);
                Firmware.Host.Ota.OtaKeys.WritePublic(System.IO.Path.Combine(dir, "root.pub"), publicKey);
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(dir, "fw.bin"), Firmware.Host.Boot.HostLoader.FactoryBundle());
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(dir, "junk.bin"), new byte[] { 1, 2, 3 });

                TwinOptions o = TwinOptions.Parse(new[] { "--role", "thermostat", "--fresh", "--fault-drop-after", "3", "--ota-key", System.IO.Path.Combine(dir, "root.pub"), "--factory-bundle", System.IO.Path.Combine(dir, "fw.bin") }, out string error);

                Assert.IsNull(error);
                CollectionAssert.AreEqual(publicKey, o.RootKeys[0]);
                Assert.IsNotNull(o.FactoryBundle);
                Assert.IsTrue(o.IsThermostat && o.Fresh && o.Faults.IsActive, "the other features' options still parse beside the OTA ones");
                Assert.IsNull(TwinOptions.Parse(new[] { "--factory-bundle", System.IO.Path.Combine(dir, "junk.bin") }, out error));
                StringAssert.Contains(error, "not a bundle");
            }
            finally
            {
                System.IO.Directory.Delete(dir, true);
            }
        }
    }
}
