namespace Firmware.Device.Phases
{
    /// <summary>
    /// Mains, after every sample while the session is up, within a fresh session budget: the log drained, the state
    /// published, the commands that arrived taken (without waiting) and the participants' optional work
    /// (<see cref="RadioSession.Exchange"/>). The error is kept for the status; a reboot a participant asked for ends
    /// the loop.
    /// </summary>
    public sealed class MainsExchangePhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            RadioSession session = context.Session;
            if (!session.IsOpen)
            {
                return;
            }

            context.Budget.Start((long)context.Config.SessionBudgetSeconds * 1000);
            session.Exchange(0);
            context.RecordError(session.LastError);
            if (context.SessionContext.RebootRequested)
            {
                context.RequestReboot();
            }
        }
    }
}
