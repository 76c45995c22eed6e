using Firmware.Boot;
using Firmware.Ota;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The health check's verdict on an image on trial (<see cref="TrialVerdict"/>).</summary>
    [TestClass]
    public class TrialVerdictTests
    {
        [TestMethod]
        public void OutsideATrialASessionChangesNothing()
        {
            OtaRig rig = new OtaRig();
            TrialVerdict verdict = Verdict(rig, new OtaEventQueue(new OtaSettings()));

            Assert.IsFalse(verdict.Report(true, false));
            Assert.IsFalse(verdict.Report(true, true));

            Assert.AreEqual(0L, rig.Slots.State.Record.OutcomeId);
            Assert.AreEqual(0, rig.Log.Count);
        }

        [TestMethod]
        public void AnAcknowledgedPublishConfirmsTheImageAndQueuesTheUpdate()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            OtaEventQueue events = new OtaEventQueue(new OtaSettings());
            UpdaterRecord record = new UpdaterRecord(rig.Slots);
            record.Settle(new byte[32], OtaReason.BatteryLow, true);
            TrialVerdict verdict = new TrialVerdict(rig.Slots, record, events, rig.Log, "2.0.0");

            Assert.IsFalse(verdict.Report(true, true));

            Assert.IsFalse(rig.Slots.State.Trial);
            Assert.AreEqual(1, events.Count);
            Assert.AreEqual(OtaOutcome.Updated, events.Get(0).Outcome);
            Assert.IsFalse(record.State.HasSettled, "a new image forgets the last settled announce");
            Assert.IsTrue(rig.Log.Contains("2.0.0 passed its health check and is confirmed"));
        }

        [TestMethod]
        public void AFailureWithTheNetworkUpCountsOncePerBootAndAsksForARestart()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            TrialVerdict verdict = Verdict(rig, new OtaEventQueue(new OtaSettings()));

            Assert.IsTrue(verdict.Report(true, false));
            Assert.IsTrue(verdict.Report(true, false));

            Assert.AreEqual(2, rig.Slots.State.Record.TrialAttemptsLeft, "one attempt per boot");
            Assert.AreEqual(TrialFailure.HealthCheck, rig.Slots.State.Record.LastFailure);
        }

        [TestMethod]
        public void AnOutageKeepsTheTrialAliveWithoutUsingAnAttempt()
        {
            OtaRig rig = new OtaRig();
            rig.StageV2AndReboot();
            TrialVerdict verdict = Verdict(rig, new OtaEventQueue(new OtaSettings()));
            rig.Clock.UptimeMilliseconds = 400000;

            Assert.IsFalse(verdict.Report(false, false));

            Assert.AreEqual(3, rig.Slots.State.Record.TrialAttemptsLeft);
            Assert.AreEqual(400000L + rig.Slots.TrialDeadlineMilliseconds, rig.Slots.State.TrialDeadline);
        }

        private static TrialVerdict Verdict(OtaRig rig, OtaEventQueue events)
        {
            return new TrialVerdict(rig.Slots, new UpdaterRecord(rig.Slots), events, rig.Log, "2.0.0");
        }
    }
}
