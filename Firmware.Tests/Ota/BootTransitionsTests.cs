using Firmware.Boot;
using Firmware.Ports;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>The state table of <see cref="BootTransitions"/>, on records alone: every row, and that each result is a record the loader reads back.</summary>
    [TestClass]
    public class BootTransitionsTests
    {
        [TestMethod]
        public void APendingImageGoesOnTrialWithEveryAttempt()
        {
            BootControlRecord r = Record(0, true, 1, 0);

            Assert.IsTrue(BootTransitions.AtBoot(r, WakeCause.Timer, 3));

            Assert.AreEqual(1, r.ActiveSlot);
            Assert.IsFalse(r.Confirmed);
            Assert.AreEqual(BootControlRecord.NoSlot, r.PendingSlot);
            Assert.AreEqual(3, r.TrialAttemptsLeft);
            Assert.AreEqual(TrialFailure.None, r.LastFailure);
            Assert.AreEqual(0L, r.OutcomeId, "going on trial is no outcome yet");
            AssertRoundTrips(r);
        }

        [TestMethod]
        public void AConfirmedImageBootsUnchangedWhateverWokeTheDevice()
        {
            WakeCause[] causes = new WakeCause[] { WakeCause.PowerOn, WakeCause.Timer, WakeCause.Reboot, WakeCause.Fault, WakeCause.Pin };
            for (int i = 0; i < causes.Length; i++)
            {
                BootControlRecord r = Record(1, true, BootControlRecord.NoSlot, 0);
                Assert.IsFalse(BootTransitions.AtBoot(r, causes[i], 3), "cause " + ((int)causes[i]).ToString());
                Assert.AreEqual(1, r.ActiveSlot);
                Assert.IsTrue(r.Confirmed);
            }
        }

        [TestMethod]
        public void OnATrialOnlyAFaultResetCountsAndTheLastAttemptRollsBack()
        {
            BootControlRecord r = Record(1, false, BootControlRecord.NoSlot, 2);
            Assert.IsFalse(BootTransitions.AtBoot(r, WakeCause.Timer, 3), "a sleep wake is no failed attempt");
            Assert.IsFalse(BootTransitions.AtBoot(r, WakeCause.PowerOn, 3), "nor is a power cut");
            Assert.AreEqual(2, r.TrialAttemptsLeft);

            Assert.IsTrue(BootTransitions.AtBoot(r, WakeCause.Fault, 3));
            Assert.AreEqual(1, r.TrialAttemptsLeft);
            Assert.AreEqual(TrialFailure.FaultReset, r.LastFailure);
            Assert.IsFalse(r.Confirmed);

            Assert.IsTrue(BootTransitions.AtBoot(r, WakeCause.Fault, 3));

            Assert.AreEqual(0, r.ActiveSlot, "rolled back to the other slot");
            Assert.IsTrue(r.Confirmed);
            Assert.AreEqual(BootOutcome.RolledBack, r.Outcome);
            Assert.AreEqual(TrialFailure.FaultReset, r.OutcomeReason);
            Assert.AreEqual(1, r.OutcomeSlot);
            Assert.AreEqual(1L, r.OutcomeId);
            Assert.AreEqual(TrialFailure.None, r.LastFailure);
            AssertRoundTrips(r);
        }

        [TestMethod]
        public void AnImageOutOfAttemptsRollsBackAtTheNextBootWithTheReasonOfItsLastFailure()
        {
            BootControlRecord r = Record(0, false, BootControlRecord.NoSlot, 1);
            BootTransitions.CountFailure(r, TrialFailure.HealthCheck);
            Assert.AreEqual(0, r.TrialAttemptsLeft);
            Assert.AreEqual(0, r.ActiveSlot, "the failure itself switches nothing");

            BootTransitions.CountFailure(r, TrialFailure.Hang);
            Assert.AreEqual(0, r.TrialAttemptsLeft, "never below zero");

            Assert.IsTrue(BootTransitions.AtBoot(r, WakeCause.Reboot, 3));
            Assert.AreEqual(1, r.ActiveSlot);
            Assert.AreEqual(TrialFailure.Hang, r.OutcomeReason);
            AssertRoundTrips(r);
        }

        [TestMethod]
        public void ConfirmingRaisesTheMinimumCounterButNeverLowersIt()
        {
            BootControlRecord r = Record(1, false, BootControlRecord.NoSlot, 2);
            r.MinimumSecurityCounter = 4;
            r.OutcomeId = 7;

            BootTransitions.Confirm(r, 9);

            Assert.IsTrue(r.Confirmed);
            Assert.AreEqual(0, r.TrialAttemptsLeft);
            Assert.AreEqual(9L, r.MinimumSecurityCounter);
            Assert.AreEqual(BootOutcome.Updated, r.Outcome);
            Assert.AreEqual(1, r.OutcomeSlot);
            Assert.AreEqual(8L, r.OutcomeId);
            AssertRoundTrips(r);

            BootControlRecord older = Record(0, false, BootControlRecord.NoSlot, 2);
            older.MinimumSecurityCounter = 4;
            BootTransitions.Confirm(older, 2);
            Assert.AreEqual(4L, older.MinimumSecurityCounter, "an image below the minimum never lowers it");
        }

        [TestMethod]
        public void ARecoveryConfirmsTheOtherSlotAndNamesTheOneThatDidNotLoad()
        {
            BootControlRecord r = Record(1, true, BootControlRecord.NoSlot, 0);
            r.MinimumSecurityCounter = 3;

            BootTransitions.Recover(r, 1);

            Assert.AreEqual(0, r.ActiveSlot);
            Assert.IsTrue(r.Confirmed);
            Assert.AreEqual(BootOutcome.Recovered, r.Outcome);
            Assert.AreEqual(TrialFailure.None, r.OutcomeReason);
            Assert.AreEqual(1, r.OutcomeSlot);
            Assert.AreEqual(1L, r.OutcomeId);
            Assert.AreEqual(3L, r.MinimumSecurityCounter, "a recovery keeps the minimum");
            AssertRoundTrips(r);
        }

        [TestMethod]
        public void ProvisioningStartsAConfirmedRecordOnSlotZeroWithNoOutcome()
        {
            BootControlRecord r = Record(1, false, BootControlRecord.NoSlot, 2);
            r.Outcome = BootOutcome.RolledBack;
            r.OutcomeId = 5;

            BootTransitions.Provision(r, 6);

            Assert.AreEqual(0, r.ActiveSlot);
            Assert.IsTrue(r.Confirmed);
            Assert.AreEqual(BootControlRecord.NoSlot, r.PendingSlot);
            Assert.AreEqual(0, r.TrialAttemptsLeft);
            Assert.AreEqual(6L, r.MinimumSecurityCounter);
            Assert.AreEqual(BootOutcome.None, r.Outcome);
            Assert.AreEqual(0L, r.OutcomeId);
            AssertRoundTrips(r);

            BootTransitions.Pending(r, 1);
            Assert.AreEqual(1, r.PendingSlot);
            AssertRoundTrips(r);
        }

        private static BootControlRecord Record(int active, bool confirmed, int pending, int attempts)
        {
            BootControlRecord r = new BootControlRecord();
            r.ActiveSlot = active;
            r.Confirmed = confirmed;
            r.PendingSlot = pending;
            r.TrialAttemptsLeft = attempts;
            return r;
        }

        /// <summary>The record is one boot control accepts: it encodes and decodes to the same fields.</summary>
        private static void AssertRoundTrips(BootControlRecord r)
        {
            byte[] bytes = new byte[BootControlRecord.EncodedSize];
            r.Encode(bytes, 0);
            BootControlRecord back = new BootControlRecord();
            Assert.IsTrue(back.Decode(bytes, 0, bytes.Length), "a consistent record");
            Assert.AreEqual(r.ActiveSlot, back.ActiveSlot);
            Assert.AreEqual(r.Confirmed, back.Confirmed);
            Assert.AreEqual(r.PendingSlot, back.PendingSlot);
            Assert.AreEqual(r.TrialAttemptsLeft, back.TrialAttemptsLeft);
            Assert.AreEqual(r.Outcome, back.Outcome);
            Assert.AreEqual(r.OutcomeSlot, back.OutcomeSlot);
            Assert.AreEqual(r.OutcomeId, back.OutcomeId);
            Assert.AreEqual(r.MinimumSecurityCounter, back.MinimumSecurityCounter);
        }
    }
}
