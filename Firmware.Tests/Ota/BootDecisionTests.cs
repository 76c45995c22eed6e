using Firmware.Boot;
using Firmware.Ports;
using Firmware.Storage;
using Firmware.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    /// <summary>This boot's side of boot control (<see cref="BootDecision"/>): the slot it runs, the trial, its deadline and verdict.</summary>
    [TestClass]
    public class BootDecisionTests
    {
        [TestMethod]
        public void ABootWithoutARecordRunsNothingAndNoDeadline()
        {
            BootState state = new BootState();
            BootDecision decision = new BootDecision(new BootControlStore(new RamFlash(2048, 2), 1024, state), state, new FakeClock());
            state.TrialDeadline = 5;

            Assert.AreEqual(BootControlRecord.NoSlot, decision.Begin(WakeCause.PowerOn));

            Assert.AreEqual(BootControlRecord.NoSlot, state.RunningSlot);
            Assert.IsFalse(state.Trial);
            Assert.AreEqual(-1L, state.TrialDeadline);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => decision.RequireTrial());
        }

        [TestMethod]
        public void APendingImageBootsOnTrialWithADeadlineFromTheBoot()
        {
            FakeClock clock = new FakeClock();
            BootState state = new BootState();
            BootDecision decision = Decision(1, clock, state);
            decision.TrialDeadlineMilliseconds = 30000;
            clock.UptimeMilliseconds = 2000;

            Assert.AreEqual(1, decision.Begin(WakeCause.Reboot));

            Assert.AreEqual(1, state.RunningSlot);
            Assert.IsTrue(state.Trial);
            Assert.AreEqual(32000L, state.TrialDeadline);
            Assert.AreEqual(3, state.Record.TrialAttemptsLeft, "written and mirrored");
            clock.UptimeMilliseconds = 31999;
            Assert.IsFalse(decision.TrialDeadlinePassed);
            clock.UptimeMilliseconds = 32000;
            Assert.IsTrue(decision.TrialDeadlinePassed);

            decision.KeepTrialAlive();
            Assert.AreEqual(62000L, state.TrialDeadline, "an outage moves it on from now");
        }

        [TestMethod]
        public void AVerdictNeedsATrialAndAKnownReason()
        {
            BootState state = new BootState();
            BootDecision decision = Decision(1, new FakeClock(), state);
            decision.Begin(WakeCause.Reboot);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => decision.RecordTrialFailure(TrialFailure.None));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => decision.RecordTrialFailure(TrialFailure.HealthCheck + 1));

            decision.RecordTrialFailure(TrialFailure.Hang);
            Assert.AreEqual(2, state.Record.TrialAttemptsLeft);
            Assert.AreEqual(-1L, state.TrialDeadline, "a verdict stops the deadline");
            Assert.IsTrue(state.Trial, "still on trial until the next boot");

            decision.Confirm(5);
            Assert.IsFalse(state.Trial);
            Assert.AreEqual(5L, state.Record.MinimumSecurityCounter);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => decision.Confirm(5));
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => decision.RecordTrialFailure(TrialFailure.Crash));
            decision.KeepTrialAlive();
            Assert.AreEqual(-1L, state.TrialDeadline, "nothing to keep alive");
        }

        [TestMethod]
        public void TheAttemptsAreOneTo255AndOneFailureRollsBackWithOne()
        {
            BootState state = new BootState();
            BootDecision decision = Decision(1, new FakeClock(), state);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => decision.MaxTrialAttempts = 0);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => decision.MaxTrialAttempts = 256);
            decision.MaxTrialAttempts = 1;

            Assert.AreEqual(1, decision.Begin(WakeCause.Reboot));
            decision.RecordTrialFailure(TrialFailure.Crash);

            Assert.AreEqual(0, decision.Begin(WakeCause.Reboot), "rolled back");
            Assert.IsFalse(state.Trial);
            Assert.AreEqual(BootOutcome.RolledBack, state.Record.Outcome);
        }

        [TestMethod]
        public void ARecoveryRunsTheOtherSlotConfirmedWithoutADeadline()
        {
            BootState state = new BootState();
            BootDecision decision = Decision(BootControlRecord.NoSlot, new FakeClock(), state);
            Assert.AreEqual(0, decision.Begin(WakeCause.PowerOn));

            decision.Recovered(0);

            Assert.AreEqual(1, state.RunningSlot);
            Assert.IsFalse(state.Trial);
            Assert.AreEqual(-1L, state.TrialDeadline);
            Assert.AreEqual(BootOutcome.Recovered, state.Record.Outcome);
            Assert.AreEqual(0, state.Record.OutcomeSlot);
        }

        /// <summary>A decision over boot control holding slot 0 confirmed, and <paramref name="pending"/> pending.</summary>
        private static BootDecision Decision(int pending, FakeClock clock, BootState state)
        {
            BootControlStore store = new BootControlStore(new RamFlash(2048, 2), 1024, state);
            BootTransitions.Provision(store.Record, 1);
            BootTransitions.Pending(store.Record, pending);
            store.Write();
            return new BootDecision(store, state, clock);
        }
    }
}
