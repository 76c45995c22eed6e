using Firmware.Boot;
using Firmware.Ota;
using Firmware.Ports;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>What the updater reports across boots (<see cref="OutcomeReport"/>): each outcome and the stored refusal, once.</summary>
    [TestClass]
    public class OutcomeReportTests
    {
        [TestMethod]
        public void AnUpdateIsQueuedOnceAndNotAgainAfterItWasPublished()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            rig.Slots.Confirm();
            UpdaterRecord record = Record(rig);
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());

            OutcomeReport.Queue(rig.Slots, record, events);
            OutcomeReport.Queue(rig.Slots, record, events);

            Assert.AreEqual(1, events.Count, "not while one is queued");
            OtaEvent e = events.Get(0);
            Assert.AreEqual(OtaOutcome.Updated, e.Outcome);
            Assert.AreEqual("2.0.0", e.Version);
            Assert.AreEqual("1.0.0", e.Previous);
            Assert.AreEqual(rig.Slots.State.Record.OutcomeId, e.OutcomeId);

            record.Published(events.RemoveOldest());
            OutcomeReport.Queue(rig.Slots, record, events);
            Assert.AreEqual(0, events.Count, "not after it was published");
        }

        [TestMethod]
        public void AnOutcomeEventCarriesBootControlsOutcomeId()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            rig.Slots.Confirm();
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());

            OutcomeReport.Queue(rig.Slots, Record(rig), events);

            long id = rig.Slots.State.Record.OutcomeId;
            Assert.IsTrue(id > 0, "the confirmation is an outcome of boot control");
            Assert.AreEqual("{\"event\":\"ota\",\"outcome\":\"updated\",\"version\":\"2.0.0\",\"previous\":\"1.0.0\",\"outcomeId\":" + id.ToString() + "}", Json(events.Get(0)));
        }

        [TestMethod]
        public void AnOutcomeIdIsWrittenWholeUpToTheLargestTheRecordHolds()
        {
            // Boot control keeps the id as an unsigned 32-bit number.
            OtaEvent e = new OtaEvent(OtaOutcome.RolledBack);
            e.Reason = "crash";
            e.OutcomeId = 4294967295;

            Assert.AreEqual("{\"event\":\"ota\",\"outcome\":\"rolled-back\",\"reason\":\"crash\",\"outcomeId\":4294967295}", Json(e));
        }

        [TestMethod]
        public void ARolledBackImageIsReportedAndRememberedAsRefused()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            for (int attempt = 0; attempt < 3; attempt++)
            {
                rig.Slots.RecordTrialFailure(TrialFailure.Hang);
                rig.Reboot(WakeCause.Reboot);
            }

            UpdaterRecord record = Record(rig);
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());

            OutcomeReport.Queue(rig.Slots, record, events);

            Assert.AreEqual(1, events.Count);
            Assert.AreEqual(OtaOutcome.RolledBack, events.Get(0).Outcome);
            Assert.AreEqual("hang", events.Get(0).Reason);
            SlotDescriptor v2 = new SlotDescriptor();
            Assert.IsTrue(rig.Slots.ReadDescriptor(1, v2));
            Assert.IsTrue(record.IsSettled(v2.ManifestDigest), "its retained announce does not install it again");
            Assert.AreEqual(OtaReason.RolledBackBefore, record.State.SettledReason);
            Assert.IsTrue(record.State.SettledReported, "the rollback event reports it");
            Assert.IsTrue(Record(rig).IsSettled(v2.ManifestDigest), "saved");
        }

        [TestMethod]
        public void AStoredRefusalIsQueuedUntilItIsPublished()
        {
            OtaRig rig = new OtaRig();
            UpdaterRecord record = Record(rig);
            record.Refuse(new byte[32], OtaReason.BadSignature);
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());

            OutcomeReport.Queue(rig.Slots, record, events);
            OutcomeReport.Queue(rig.Slots, record, events);

            Assert.AreEqual(1, events.Count);
            Assert.AreEqual("{\"event\":\"ota\",\"outcome\":\"rejected\",\"reason\":\"bad-signature\",\"refusalId\":1}", Json(events.Get(0)), "its refusal id, no outcome id: a refusal is no outcome of boot control");
            record.Published(events.RemoveOldest());
            OutcomeReport.Queue(rig.Slots, record, events);
            Assert.AreEqual(0, events.Count);

            record.Settle(new byte[32], string.Empty, false);
            OutcomeReport.Queue(rig.Slots, record, events);
            Assert.AreEqual(0, events.Count, "an applied key update is no refusal");
        }

        private static UpdaterRecord Record(OtaRig rig)
        {
            UpdaterRecord record = new UpdaterRecord(rig.Slots);
            record.Load();
            return record;
        }

        private static string Json(OtaEvent e)
        {
            byte[] buffer = new byte[256];
            JsonWriter writer = new JsonWriter();
            writer.Reset(buffer, 0, buffer.Length);
            e.Write(writer);
            return Utf8.Decode(buffer, 0, writer.Length);
        }
    }
}
