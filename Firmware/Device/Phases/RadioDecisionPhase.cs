using Firmware.Power;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// Whether a battery wake runs its radio, and why (<see cref="WakeContext.RadioReason"/>, null for no), first
    /// reason first: an alarm's onset, a request left by the last wake (a configuration on trial), a participant
    /// asking (an image on trial), the radio interval counted in sample wakes (or the backoff's retry after
    /// failures; a boot that is not a timer wake counts as due), the log past its fill threshold while not backing off.
    /// </summary>
    public sealed class RadioDecisionPhase : IWakePhase
    {
        public const string Alarm = "alarm";
        public const string Requested = "requested";
        public const string Participant = "participant";
        public const string Interval = "interval";
        public const string Retry = "retry";
        public const string LogFilling = "log";

        public void Run(WakeContext context)
        {
            WakeState state = context.State;
            Backoff backoff = context.Backoff;
            string reason = null;
            if (context.AlarmOnset)
            {
                reason = Alarm;
            }
            else if (state.RadioAtNextWake)
            {
                reason = Requested;
            }
            else if (context.WantedByParticipant())
            {
                reason = Participant;
            }
            else if (state.WakesUntilRadio <= 1)
            {
                reason = backoff.Failures > 0 ? Retry : Interval;
            }
            else if (backoff.Failures == 0 && context.LogFillPercent() >= context.Config.LogFillPercent)
            {
                reason = LogFilling;
            }

            context.RadioReason = reason;
        }
    }
}
