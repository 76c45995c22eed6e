using Firmware.Boot;
using Firmware.Ota;
using Firmware.Ports;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The updater's record in boot control (<see cref="UpdaterRecord"/>) and what it remembers.</summary>
    [TestClass]
    public class UpdaterRecordTests
    {
        [TestMethod]
        public void ASavedRecordIsReadByTheNextBoot()
        {
            OtaRig rig = new OtaRig();
            UpdaterRecord record = new UpdaterRecord(rig.Slots);
            Assert.IsTrue(record.Load(), "no record yet is no error");
            record.State.KeySequence = 4;
            record.Settle(Digest(1), OtaReason.BadSignature, false);
            record.Save();

            rig.Reboot(WakeCause.Timer);
            UpdaterRecord next = new UpdaterRecord(rig.Slots);
            Assert.IsTrue(next.Load());

            Assert.AreEqual(4L, next.State.KeySequence);
            Assert.IsTrue(next.IsSettled(Digest(1)));
            Assert.IsFalse(next.IsSettled(Digest(2)));
            Assert.AreEqual(OtaReason.BadSignature, next.State.SettledReason);
            Assert.IsFalse(next.State.SettledReported);
        }

        [TestMethod]
        public void AnUnreadableRecordLeavesTheStateEmpty()
        {
            OtaRig rig = new OtaRig();
            rig.Slots.WriteUpdaterState(new byte[] { 9, 9, 9 }, 0, 3);
            UpdaterRecord record = new UpdaterRecord(rig.Slots);

            Assert.IsFalse(record.Load());

            Assert.AreEqual(0L, record.State.KeySequence);
            Assert.IsFalse(record.State.HasSettled);
            Assert.IsFalse(record.IsSettled(new byte[32]), "nothing is settled, not even the zero digest");
        }

        [TestMethod]
        public void HashFailuresCountInARowForOneManifest()
        {
            UpdaterRecord record = new UpdaterRecord(new OtaRig().Slots);
            Assert.AreEqual(1, record.CountHashFailure(Digest(1)));
            Assert.AreEqual(2, record.CountHashFailure(Digest(1)));
            Assert.AreEqual(1, record.CountHashFailure(Digest(2)), "another manifest starts again");
            Assert.AreEqual(2, record.CountHashFailure(Digest(2)));
        }

        [TestMethod]
        public void APublishedEventReportsItsOutcomeOrTheStoredRefusalForGood()
        {
            UpdaterRecord record = new UpdaterRecord(new OtaRig().Slots);
            OtaEvent updated = new OtaEvent(OtaOutcome.Updated);
            updated.OutcomeId = 3;
            Assert.IsTrue(record.Published(updated));
            Assert.AreEqual(3L, record.State.ReportedOutcomeId);
            Assert.IsFalse(record.Published(updated), "reported already");

            OtaEvent older = new OtaEvent(OtaOutcome.RolledBack);
            older.OutcomeId = 2;
            Assert.IsFalse(record.Published(older));
            Assert.AreEqual(3L, record.State.ReportedOutcomeId);

            OtaEvent refusal = new OtaEvent(OtaOutcome.Rejected);
            refusal.RefusalId = 1;
            Assert.IsFalse(record.Published(refusal), "no refusal is stored");
            Assert.AreEqual(1L, record.Refuse(Digest(5), OtaReason.WrongHardware));
            Assert.IsFalse(record.Published(new OtaEvent(OtaOutcome.Deferred)), "a deferral reports nothing stored");
            Assert.IsTrue(record.Published(refusal));
            Assert.IsTrue(record.State.SettledReported);

            // A refusal published after the next one was stored does not report that one.
            Assert.AreEqual(2L, record.Refuse(Digest(6), OtaReason.BadSignature));
            Assert.IsFalse(record.Published(refusal));
            Assert.IsFalse(record.State.SettledReported, "refusal 2 is still to be reported");
            OtaEvent second = new OtaEvent(OtaOutcome.Rejected);
            second.RefusalId = 2;
            Assert.IsTrue(record.Published(second));
            Assert.IsTrue(record.State.SettledReported);
        }

        private static byte[] Digest(int tag)
        {
            byte[] digest = new byte[SlotDescriptor.DigestSize];
            digest[0] = (byte)tag;
            digest[31] = (byte)(tag * 3);
            return digest;
        }
    }
}
