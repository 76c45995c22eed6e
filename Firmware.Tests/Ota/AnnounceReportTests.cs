using Firmware.Ota;
using Firmware.Tests.Crypto;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>What is said about an announce not taken (<see cref="AnnounceReport"/>) and what of it is remembered.</summary>
    [TestClass]
    public class AnnounceReportTests
    {
        [TestMethod]
        public void ARefusalIsRememberedByItsDigestAndReportedUnderANewId()
        {
            OtaRig rig = new OtaRig();
            UpdaterRecord record = new UpdaterRecord(rig.Slots);
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());
            AnnounceReport report = new AnnounceReport(record, events, rig.Log);
            byte[] digest = TestBytes.Pattern(32);

            report.Refused(digest, OtaReason.WrongHardware, "for other-board", V2());

            Assert.IsTrue(record.IsSettled(digest));
            Assert.IsFalse(record.State.SettledReported);
            UpdaterRecord saved = new UpdaterRecord(rig.Slots);
            saved.Load();
            Assert.IsTrue(saved.IsSettled(digest), "saved");
            Assert.AreEqual(1, events.Count);
            OtaEvent e = events.Get(0);
            Assert.AreEqual(OtaOutcome.Rejected, e.Outcome);
            Assert.AreEqual("2.0.0", e.Version);
            Assert.AreEqual(1L, e.RefusalId);
            Assert.AreEqual(1L, saved.State.RefusalId, "its id is saved with it");
            Assert.IsTrue(rig.Log.Contains("announce refused: wrong-hardware (for other-board)"));

            report.Refused(digest, OtaReason.ManifestTruncated, "3 bytes", new Manifest());
            Assert.IsNull(events.Get(1).Version, "no version for what is not a firmware manifest");
            Assert.AreEqual(2L, events.Get(1).RefusalId);
        }

        [TestMethod]
        public void ADeferralIsRememberedNowhereAndReportedOncePerReasonInARow()
        {
            OtaRig rig = new OtaRig();
            UpdaterRecord record = new UpdaterRecord(rig.Slots);
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());
            AnnounceReport report = new AnnounceReport(record, events, new FakeLog());

            report.Deferred(OtaReason.BatteryLow, "battery 12%", V2());
            report.Deferred(OtaReason.BatteryLow, "battery 11%", V2());
            Assert.AreEqual(1, events.Count);
            Assert.AreEqual(OtaOutcome.Deferred, events.Get(0).Outcome);
            Assert.AreEqual("battery 12%", events.Get(0).Detail);

            report.Deferred(OtaReason.UpdateInProgress, "pending", V2());
            report.Deferred(OtaReason.BatteryLow, "battery 10%", V2());
            Assert.AreEqual(3, events.Count, "another reason in between reports it again");
            Assert.IsFalse(record.State.HasSettled);
            Assert.AreEqual(-1, rig.Slots.ReadUpdaterState(new byte[1024], 0), "nothing written");
        }

        [TestMethod]
        public void AStoppedDownloadIsReportedWithAnIdButNotRemembered()
        {
            OtaRig rig = new OtaRig();
            UpdaterRecord record = new UpdaterRecord(rig.Slots);
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());
            AnnounceReport report = new AnnounceReport(record, events, rig.Log);

            report.DownloadStopped(OtaReason.RevokedKey, "key 96a94fc7b683de47 of the image being downloaded", V2());

            Assert.AreEqual(1, events.Count);
            Assert.AreEqual(1L, events.Get(0).RefusalId, "a refusal like any: counted once by its id");
            Assert.AreEqual("2.0.0", events.Get(0).Version);
            Assert.IsFalse(record.State.HasSettled);
            UpdaterRecord saved = new UpdaterRecord(rig.Slots);
            saved.Load();
            Assert.AreEqual(1L, saved.State.RefusalId, "its id is saved, so no later refusal has it");
            Assert.IsFalse(saved.State.HasSettled);
            Assert.IsTrue(rig.Log.Contains("download of 2.0.0 stopped: revoked-key"));
        }

        private static Manifest V2()
        {
            byte[] bytes = Hex.Decode(OtaVectors.V2);
            Manifest m = new Manifest();
            Assert.IsTrue(new ManifestReader().Read(bytes, 0, bytes.Length, m));
            return m;
        }
    }
}
