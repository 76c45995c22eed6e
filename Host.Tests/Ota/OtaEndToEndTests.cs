using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using Firmware.Boot;
using Firmware.Host.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// Over-the-air updates of the host twin, end to end: retained announces on mosquitto, images over HTTP Range
    /// requests from a local server that drops connections, corrupts bytes and answers slowly, the twin's loader
    /// booting whatever its slots hold. The judge is an independent subscriber on the device's topics.
    /// </summary>
    [TestClass]
    public sealed class OtaEndToEndTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

        [TestMethod]
        public void TheTwinUpdatesRollsBackFaultyReleasesAndFollowsAFleetRollback()
        {
            Stopwatch time = Stopwatch.StartNew();
            byte[] v1 = FirmwareBuilds.Bundle("1.0.0", 1);
            byte[] v2 = FirmwareBuilds.Bundle("2.0.0", 1);
            byte[] v3Crashes = FirmwareBuilds.Faulty("3.0.0", 1, FirmwareBuilds.Crashing);
            byte[] v3Hangs = FirmwareBuilds.Faulty("3.0.1", 1, FirmwareBuilds.Hanging);
            using OtaTwinHarness twin = new OtaTwinHarness(v1);
            twin.WaitUntil(() => twin.StatusFirmware() == "1.0.0", Patience, "the factory firmware's status");

            // v1 -> v2 over a link that drops mid-image and answers slowly: resumed where it broke off.
            twin.Http.Put("v2.bin", v2);
            twin.Http.Inject(new HttpFault());
            twin.Http.Inject(new HttpFault { DropAfterBytes = 1500 });
            twin.Http.Inject(new HttpFault { DelayMilliseconds = 300 });
            twin.Announce(twin.Release("v2.bin", v2, "2.0.0", 1));
            JsonObject updated = twin.WaitForEvent(0, "updated", "2.0.0", Patience);
            Assert.AreEqual("1.0.0", (string)updated["previous"]);
            twin.WaitUntil(() => twin.StatusFirmware() == "2.0.0", Patience, "v2's own status");
            long refetched = twin.Http.BytesSent - v2.Length;
            Console.WriteLine($"v1 -> v2: {v2.Length}-byte image, {twin.Http.Requests} range requests, {refetched} bytes fetched twice after a dropped connection");
            Assert.IsTrue(refetched <= 4096, $"{refetched} bytes fetched twice: more than a chunk");

            // A v3 that crashes at start, downloaded once corrupted in transit: fetched again, tried 3 times, rolled back.
            twin.Http.Put("v3c.bin", v3Crashes);
            twin.Http.Inject(new HttpFault { CorruptByteAt = 100 });
            twin.Announce(twin.Release("v3c.bin", v3Crashes, "3.0.0", 1));
            JsonObject crash = twin.WaitForEvent(1, "rolled-back", "3.0.0", Patience);
            Assert.AreEqual("crash", (string)crash["reason"]);
            Assert.AreEqual("2.0.0", (string)crash["previous"]);

            // A v3 that hangs: the loader's trial deadline resets it three times, then rolls back.
            twin.Http.Put("v3h.bin", v3Hangs);
            twin.Announce(twin.Release("v3h.bin", v3Hangs, "3.0.1", 1));
            JsonObject hang = twin.WaitForEvent(2, "rolled-back", "3.0.1", Patience);
            Assert.AreEqual("hang", (string)hang["reason"]);
            twin.WaitUntil(() => twin.Device.Loader.RunningVersion == "2.0.0" && !twin.Device.Slots.State.Trial, Patience, "v2 running again");
            StringAssert.Contains(twin.Log, "rolled back to 2.0.0 (crash)", "the console says it as the events do");
            StringAssert.Contains(twin.Log, "rolled back to 2.0.0 (hang)");

            // The operator rolls the fleet back by announcing v1 again (same security counter).
            twin.Http.Put("v1.bin", v1);
            twin.Announce(twin.Release("v1.bin", v1, "1.0.0", 1));
            JsonObject back = twin.WaitForEvent(3, "updated", "1.0.0", Patience);
            Assert.AreEqual("2.0.0", (string)back["previous"]);
            twin.WaitUntil(() => twin.StatusFirmware() == "1.0.0", Patience, "v1's status again");

            CollectionAssert.AreEqual(
                new[] { "updated 2.0.0", "rolled-back 3.0.0", "rolled-back 3.0.1", "updated 1.0.0" },
                twin.Outcomes().Select(e => $"{e["outcome"]} {e["version"]}").ToArray(),
                string.Join(" | ", twin.Events().Select(e => e.ToJsonString())));
            CollectionAssert.AreEqual(
                new[] { "2.0.0", "3.0.0", "3.0.1", "1.0.0" },
                twin.Events().Where(e => (string)e["outcome"] == "accepted").Select(e => (string)e["version"]).ToArray(),
                "each announce was answered once when its download started");
            Console.WriteLine($"{twin.Device.Boots} boots in {time.ElapsedMilliseconds} ms");
        }

        [TestMethod]
        public void AServerThatIgnoresRangeIsStreamedFromItsStartAndTheCaseIsNamed()
        {
            using OtaTwinHarness twin = RunningV1(out byte[] v2);

            // A server without Range support (python3 -m http.server): every answer is the whole image with 200 OK,
            // and the first one breaks off after 100,000 bytes.
            twin.Http.IgnoreRange = true;
            twin.Http.Put("v2.bin", v2);
            twin.Http.Inject(new HttpFault { DropAfterBytes = 100_000 });
            twin.Announce(twin.Release("v2.bin", v2, "2.0.0", 1));
            twin.WaitForEvent(0, "updated", "2.0.0", Patience);
            twin.WaitUntil(() => twin.StatusFirmware() == "2.0.0", Patience, "v2's own status");

            JsonObject named = twin.Events().FirstOrDefault(e => (string)e["reason"] == "range-ignored");
            Assert.IsNotNull(named, "an event names the case: " + string.Join(" | ", twin.Events().Select(e => e.ToJsonString())) + "\n" + twin.Log);
            Assert.AreEqual("downloading", (string)named["outcome"]);
            Assert.AreEqual("2.0.0", (string)named["version"]);
            StringAssert.Contains(twin.Log, "ignores Range requests");
            Assert.IsFalse(twin.Log.Contains("unreachable", StringComparison.Ordinal), twin.Tail());
            Console.WriteLine($"{v2.Length}-byte image from a server that ignores Range: {twin.Http.Requests} requests, {twin.Http.BytesSent} bytes sent");
        }

        [TestMethod]
        public void ARefusedAnnounceIsRetriedWhenAnnouncedAgainAndEveryIgnoreIsSaid()
        {
            using OtaTwinHarness twin = RunningV1(out byte[] v2);

            // The server holds a cut copy of the image: the download is refused as truncated.
            twin.Http.Put("v2.bin", v2.AsSpan(0, v2.Length - 5000).ToArray());
            byte[] manifest = twin.Release("v2.bin", v2, "2.0.0", 1);
            twin.Announce(manifest);
            JsonObject refused = twin.WaitForEvent(0, "rejected", "2.0.0", Patience);
            Assert.AreEqual("image-truncated", (string)refused["reason"]);

            // The announce stays retained: at the next sessions it is ignored, and said so in the log and on the events topic.
            twin.WaitUntil(() => twin.Events().Any(e => (string)e["outcome"] == "ignored"), Patience, "an 'ignored' event");
            JsonObject ignored = twin.Events().First(e => (string)e["outcome"] == "ignored");
            Assert.AreEqual("refused-before", (string)ignored["reason"], ignored.ToJsonString());
            Assert.AreEqual("2.0.0", (string)ignored["version"]);
            StringAssert.Contains(twin.Log, "ignored");

            // The operator fixes the server and announces the same manifest again: it is retried, and installed.
            twin.Http.Put("v2.bin", v2);
            twin.Announce(manifest);
            twin.WaitForEvent(1, "updated", "2.0.0", Patience);
            twin.WaitUntil(() => twin.StatusFirmware() == "2.0.0", Patience, "v2's own status");
            StringAssert.Contains(twin.Log, "retrying");
        }

        [TestMethod]
        public void TheStatusLogAndReportNameTheRunningBundlesVersion()
        {
            // This build's assemblies in a bundle that says 0.3.0: the version the bundle carries is the one reported.
            System.Collections.Generic.List<(string Name, byte[] Bytes)> files = Host.Boot.HostLoader.FirmwareAssemblies().Select(Host.Boot.HostLoader.AssemblyFile).ToList();
            byte[] bundle = Host.Ota.BundleWriter.Build(Host.Ota.SemanticVersion.Parse("0.3.0"), 1, "Firmware.Device.Application", Host.Boot.HostLoader.EntryIndex(files, FirmwareBuilds.EntryAssemblyName), files);
            using OtaTwinHarness twin = new OtaTwinHarness(bundle);
            twin.WaitUntil(() => twin.StatusOta() != null && twin.StatusFirmware() != null && (string)twin.StatusOta()["running"] != null, Patience, "a status with the running image");

            Assert.AreEqual("0.3.0", (string)twin.StatusOta()["running"]);
            Assert.AreEqual("0.3.0", twin.StatusFirmware(), "\"fw\" and \"ota\".\"running\" are the same version");
            StringAssert.Contains(twin.Log, "firmware 0.3.0 as twin-1");
            Assert.AreEqual("0.3.0", twin.Device.Loader.RunningVersion);
        }

        [TestMethod]
        public void ANetworkOutageDuringTheTrialDoesNotRollItBack()
        {
            byte[] v1 = FirmwareBuilds.Bundle("1.0.0", 1);
            byte[] v2 = FirmwareBuilds.Bundle("2.0.0", 1);
            // A radio session at every wake, retried at the next wake after a failure: thirty failed sessions in half an hour.
            using OtaTwinHarness twin = new OtaTwinHarness(v1, "\"radioIntervalSeconds\":60,\"backoffBaseSeconds\":60,\"backoffCapSeconds\":60");
            int outageWakes = 0;
            int fewestAttempts = int.MaxValue;
            int trialBoots = 0;
            twin.Device.Network.DownAt = () => twin.Device.Slots.State.Trial && outageWakes++ < 30;
            twin.Device.AfterBoot = () =>
            {
                if (twin.Device.Slots.State.Trial)
                {
                    trialBoots++;
                    fewestAttempts = Math.Min(fewestAttempts, twin.Device.Slots.State.Record.TrialAttemptsLeft);
                }
            };
            twin.WaitUntil(() => twin.StatusFirmware() == "1.0.0", Patience, "the factory firmware's status");
            int restartsBefore = twin.Device.Restarts;

            twin.Http.Put("v2.bin", v2);
            twin.Announce(twin.Release("v2.bin", v2, "2.0.0", 1));
            twin.WaitForEvent(0, "updated", "2.0.0", Patience);

            Assert.AreEqual(30, twin.Device.Network.FailedCount, "thirty radio sessions of v2's trial found no network");
            Assert.IsTrue(trialBoots >= 30, $"the trial lasted {trialBoots} boots (sample wakes and sessions without network)");
            Assert.AreEqual(restartsBefore + 1, twin.Device.Restarts, "one restart, the reboot into the trial: the outage caused no reset");
            Assert.AreEqual(0, twin.Device.Resets);
            Assert.AreEqual(3, fewestAttempts, "no attempt was used while the network was down");
            Assert.IsFalse(twin.Events().Any(e => (string)e["outcome"] == "rolled-back"));
            Assert.AreEqual("2.0.0", twin.Device.Loader.RunningVersion);
        }

        [TestMethod]
        public void RefusedAnnouncesAreReportedWithTheirReasonAndTheRunningFirmwareIsUntouched()
        {
            byte[] v2 = FirmwareBuilds.Bundle("2.0.0", 2);
            byte[] v3 = FirmwareBuilds.Bundle("1.0.0", 2);
            byte[] v1 = FirmwareBuilds.Bundle("1.0.0", 1);
            using OtaTwinHarness twin = new OtaTwinHarness(v2);
            twin.WaitUntil(() => twin.StatusFirmware() == "2.0.0", Patience, "the factory firmware's status");
            int restarts = twin.Device.Restarts;

            // The manifests sign the good image; the server holds other bytes under two of the names.
            twin.Http.Put("good.bin", v3);
            byte[] tampered = (byte[])v3.Clone();
            tampered[v3.Length / 2] ^= 0x04;
            twin.Http.Put("tampered.bin", tampered);
            twin.Http.Put("truncated.bin", v3.AsSpan(0, v3.Length - 5000).ToArray());
            twin.Http.Put("v1.bin", v1);
            (string Reason, byte[] Manifest)[] refused =
            {
                ("unknown-key", twin.Release("good.bin", v3, "1.0.0", 2, OtaTwinHarness.Stranger)),
                ("image-hash-mismatch", twin.Release("tampered.bin", v3, "1.0.0", 2)),
                ("image-truncated", twin.Release("truncated.bin", v3, "1.0.0", 2)),
                ("wrong-hardware", twin.Release("good.bin", v3, "1.0.0", 2, null, "esp32-bme280")),
                ("security-counter-too-low", twin.Release("v1.bin", v1, "1.0.0", 1)),
            };

            for (int i = 0; i < refused.Length; i++)
            {
                twin.Announce(refused[i].Manifest);
                JsonObject e = twin.WaitForEvent(i, "rejected", null, Patience);
                Assert.AreEqual(refused[i].Reason, (string)e["reason"], e.ToJsonString());
                Assert.AreEqual(i + 1, (long)e["refusalId"], "each refusal has the next id, so a receiver counts it once: " + e.ToJsonString());
                Assert.IsNull(e["outcomeId"], "a refusal is no outcome of boot control");
            }

            Assert.AreEqual(restarts, twin.Device.Restarts, "the device never restarted (it only woke from its sleeps)");
            Assert.AreEqual("2.0.0", twin.Device.Loader.RunningVersion);
            Assert.AreEqual(BootControlRecord.NoSlot, twin.Device.Slots.State.Record.PendingSlot);
            Assert.IsTrue(twin.Device.Slots.State.Record.Confirmed);
            Assert.AreEqual("2.0.0", twin.StatusFirmware());
        }

        /// <summary>A twin whose factory image 1.0.0 runs and has said so; <paramref name="v2"/> is a release 2.0.0 of the same build.</summary>
        private static OtaTwinHarness RunningV1(out byte[] v2)
        {
            OtaTwinHarness twin = new OtaTwinHarness(FirmwareBuilds.Bundle("1.0.0", 1));
            v2 = FirmwareBuilds.Bundle("2.0.0", 1);
            twin.WaitUntil(() => twin.StatusFirmware() == "1.0.0", Patience, "the factory firmware's status");
            return twin;
        }
    }
}
