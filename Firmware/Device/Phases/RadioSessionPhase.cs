using Firmware.Power;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// A battery wake's radio session, when one was decided, within the configured session budget: connect
    /// (network, time, MQTT, a configuration on trial settled) and announce the device (<see cref="RadioSession.Open"/>);
    /// when that reached the broker, the backoff is reset and the log drained, the state published, commands taken
    /// (waiting up to the configured time for the first) and the participants' optional work run
    /// (<see cref="RadioSession.Exchange"/>). The goodbye comes after the next wake is planned
    /// (<see cref="GoodbyePhase"/>), since it says until when the device sleeps.
    /// </summary>
    public sealed class RadioSessionPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            context.RadioConnected = false;
            if (context.RadioReason == null)
            {
                return;
            }

            RadioSession session = context.Session;
            context.State.RadioAtNextWake = false;
            context.Budget.Start((long)context.Config.SessionBudgetSeconds * 1000);
            bool connected = session.Open();
            if (connected)
            {
                context.Backoff.Succeeded();
                session.Exchange(context.Config.CommandWaitMilliseconds, true);
            }

            context.Ledger.Begin(PowerPhase.CpuActive, context.Clock.UptimeMilliseconds);
            context.RadioConnected = connected;
        }
    }
}
