using Firmware.Boot;

namespace Firmware.Ota
{
    /// <summary>
    /// Turns what the updater has to report across boots into events, each once (not while one is queued, not after it
    /// was published): the outcome boot control recorded (updated, rolled back, recovered), and the refusal the
    /// updater's record holds until it is published, under its refusal id. A rolled-back image is remembered as
    /// refused, so its still retained announce does not install it again; a recovered one is not (it was good, its slot
    /// rotted).
    /// </summary>
    public static class OutcomeReport
    {
        public static void Queue(IUpdateSlots slots, UpdaterRecord record, OtaEventQueue events)
        {
            UpdaterState state = record.State;
            BootControlRecord boot = slots.State.Record;
            if (boot.Outcome != BootOutcome.None && boot.OutcomeId > state.ReportedOutcomeId && !events.HoldsOutcome(boot.OutcomeId))
            {
                events.Add(BootOutcomeEvent(slots, record, boot));
            }

            if (record.HoldsUnreportedRefusal && !events.HoldsRefusal(state.RefusalId))
            {
                if (state.RefusalId == 0)
                {
                    // Stored by an application before refusal ids: it gets one now, as any refusal.
                    record.NewRefusalId();
                    record.Save();
                }

                OtaEvent rejected = new OtaEvent(OtaOutcome.Rejected);
                rejected.Reason = state.SettledReason;
                rejected.RefusalId = state.RefusalId;
                events.Add(rejected);
            }
        }

        private static OtaEvent BootOutcomeEvent(IUpdateSlots slots, UpdaterRecord record, BootControlRecord boot)
        {
            SlotDescriptor subject = new SlotDescriptor();
            SlotDescriptor other = new SlotDescriptor();
            bool hasSubject = slots.ReadDescriptor(boot.OutcomeSlot, subject);
            bool hasOther = slots.ReadDescriptor(1 - boot.OutcomeSlot, other);
            OtaEvent e = new OtaEvent(boot.Outcome == BootOutcome.Updated ? OtaOutcome.Updated : boot.Outcome == BootOutcome.Recovered ? OtaOutcome.Recovered : OtaOutcome.RolledBack);
            e.OutcomeId = boot.OutcomeId;
            e.Version = hasSubject ? subject.VersionText : null;
            e.Previous = hasOther ? other.VersionText : null;
            if (boot.Outcome == BootOutcome.Recovered)
            {
                e.Reason = OtaReason.ImageUnloadable;
                e.Detail = hasOther && other.Factory ? "the factory image was restored" : "the other slot's image runs again";
            }
            else if (boot.Outcome == BootOutcome.RolledBack)
            {
                e.Reason = TrialFailure.Name(boot.OutcomeReason);
                if (hasSubject && !subject.Factory && !record.IsSettled(subject.ManifestDigest))
                {
                    record.Settle(subject.ManifestDigest, OtaReason.RolledBackBefore, true);
                    record.Save();
                }
            }

            return e;
        }
    }
}
