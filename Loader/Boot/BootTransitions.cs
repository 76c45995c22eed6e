using Firmware.Ports;

namespace Firmware.Boot
{
    /// <summary>
    /// The state table of boot control, after MCUboot's swap/revert table: every change of a
    /// <see cref="BootControlRecord"/>, on the record alone. The caller writes each as one atomic record write.
    /// <code>
    /// state        Active  Confirmed  Pending  loader boots        next
    /// confirmed    A       yes        none     A                   Pending (updater, B verified) -> pending
    /// pending      A       yes        B        switches: Active=B, Confirmed=no, attempts=N -> trial  (AtBoot)
    /// trial        B       no         none     B on trial          Confirm (health check passed) -> confirmed,
    ///                                                              Outcome=Updated, minimum counter raised;
    ///                                                              a failed attempt (crash, hang, fault reset,
    ///                                                              health check with the network up) -> attempts-1
    ///                                                              (CountFailure; a fault reset at AtBoot)
    /// trial, 0 left B      no         none     rolls back: Active=A, Confirmed=yes, Outcome=RolledBack -> confirmed
    ///                                          (AtBoot)
    /// confirmed,   A       yes        none     A does not load: B proven, SHA-256 matches, counter not below the
    ///  A unloadable                            minimum: Active=B, Outcome=Recovered -> confirmed (Recover);
    ///                                          else the factory image into B (when the loader has one), else none boots
    /// none         -       -          -        nothing             Provision (factory install into A) -> confirmed
    /// </code>
    /// </summary>
    public static class BootTransitions
    {
        /// <summary>
        /// The loader's decision at a boot: a pending image goes on trial with <paramref name="maxTrialAttempts"/>; during
        /// a trial a fault reset counts a failed attempt, and an image with no attempts left is rolled back. Returns true
        /// when the record changed.
        /// </summary>
        public static bool AtBoot(BootControlRecord record, WakeCause cause, int maxTrialAttempts)
        {
            if (record.PendingSlot != BootControlRecord.NoSlot)
            {
                record.ActiveSlot = record.PendingSlot;
                record.PendingSlot = BootControlRecord.NoSlot;
                record.Confirmed = false;
                record.TrialAttemptsLeft = maxTrialAttempts;
                record.LastFailure = TrialFailure.None;
                return true;
            }

            if (record.Confirmed)
            {
                return false;
            }

            bool changed = false;
            if (cause == WakeCause.Fault && record.TrialAttemptsLeft > 0)
            {
                record.TrialAttemptsLeft--;
                record.LastFailure = TrialFailure.FaultReset;
                changed = true;
            }

            if (record.TrialAttemptsLeft == 0)
            {
                int failed = record.ActiveSlot;
                record.ActiveSlot = 1 - failed;
                record.Confirmed = true;
                SetOutcome(record, BootOutcome.RolledBack, record.LastFailure, failed);
                record.LastFailure = TrialFailure.None;
                changed = true;
            }

            return changed;
        }

        /// <summary>A verified staging in <paramref name="slot"/> boots on trial next.</summary>
        public static void Pending(BootControlRecord record, int slot)
        {
            record.PendingSlot = slot;
        }

        /// <summary>The image on trial passed its health check; the minimum counter rises to its <paramref name="securityCounter"/>.</summary>
        public static void Confirm(BootControlRecord record, long securityCounter)
        {
            record.Confirmed = true;
            record.TrialAttemptsLeft = 0;
            record.LastFailure = TrialFailure.None;
            if (securityCounter > record.MinimumSecurityCounter)
            {
                record.MinimumSecurityCounter = securityCounter;
            }

            SetOutcome(record, BootOutcome.Updated, TrialFailure.None, record.ActiveSlot);
        }

        /// <summary>A failed attempt of the image on trial (a <see cref="TrialFailure"/>); the next boot rolls back at 0 left.</summary>
        public static void CountFailure(BootControlRecord record, int reason)
        {
            if (record.TrialAttemptsLeft > 0)
            {
                record.TrialAttemptsLeft--;
            }

            record.LastFailure = reason;
        }

        /// <summary>The confirmed image in <paramref name="failedSlot"/> does not load: the other slot runs, confirmed.</summary>
        public static void Recover(BootControlRecord record, int failedSlot)
        {
            record.ActiveSlot = 1 - failedSlot;
            record.Confirmed = true;
            record.TrialAttemptsLeft = 0;
            record.LastFailure = TrialFailure.None;
            SetOutcome(record, BootOutcome.Recovered, TrialFailure.None, failedSlot);
        }

        /// <summary>The first image, installed in slot 0, is confirmed; the minimum counter starts at its counter.</summary>
        public static void Provision(BootControlRecord record, long securityCounter)
        {
            record.ActiveSlot = 0;
            record.Confirmed = true;
            record.PendingSlot = BootControlRecord.NoSlot;
            record.TrialAttemptsLeft = 0;
            record.LastFailure = TrialFailure.None;
            record.MinimumSecurityCounter = securityCounter;
            record.Outcome = BootOutcome.None;
            record.OutcomeReason = TrialFailure.None;
            record.OutcomeSlot = 0;
            record.OutcomeId = 0;
        }

        /// <summary>A new outcome for the application to report once.</summary>
        private static void SetOutcome(BootControlRecord record, int outcome, int reason, int slot)
        {
            record.Outcome = outcome;
            record.OutcomeReason = reason;
            record.OutcomeSlot = slot;
            record.OutcomeId++;
        }
    }
}
