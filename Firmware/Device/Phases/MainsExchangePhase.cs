namespace Firmware.Device.Phases
{
    /// <summary>
    /// Mains, after every sample while the session is up, within a fresh session budget: the log drained when its
    /// schedule says so (<see cref="MainsTelemetrySchedule"/>: the interval passed, a new session, an alarm's onset, a
    /// full batch waiting), the state published with a drain or a change of the control (QoS 0,
    /// <see cref="MainsStateSchedule"/>), the commands that arrived taken (without waiting) and the
    /// participants' optional work (<see cref="RadioSession.Exchange"/>). The error is kept for the status; a reboot a
    /// participant asked for ends the loop.
    /// </summary>
    public sealed class MainsExchangePhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            RadioSession session = context.Session;
            MainsTelemetrySchedule schedule = context.MainsTelemetry;
            if (context.AlarmOnset)
            {
                schedule.Request();
            }

            if (!session.IsOpen)
            {
                return;
            }

            context.Budget.Start((long)context.Config.SessionBudgetSeconds * 1000);
            bool drain = schedule.IsDue(context.SampledAt, context.Storage.Log.Held, context.Drain.FullBatchReadings);
            session.Exchange(0, drain);
            if (drain)
            {
                schedule.Drained(context.SampledAt, context.Drain.Drained);
            }

            context.RecordError(session.LastError);
            if (context.SessionContext.RebootRequested)
            {
                context.RequestReboot();
            }
        }
    }
}
