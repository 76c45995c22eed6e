using Firmware.Ports;
using Firmware.Power;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// Ends a battery wake's radio session, whatever it reached: the participants' end, the retained status
    /// "sleeping" until the next radio session (Unix time, when the clock is known; none when the wake ends in a
    /// reboot), a clean disconnect and the network down (<see cref="RadioSession.Close"/>). The session's error is
    /// kept for the status; a reboot a participant asked for ends the wake.
    /// </summary>
    public sealed class GoodbyePhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            if (context.RadioReason == null)
            {
                return;
            }

            IClock clock = context.Clock;
            EnergyLedger ledger = context.Ledger;
            long nextSession = -1;
            if (clock.IsWallTimeKnown)
            {
                long wakes = context.State.WakesUntilRadio < 1 ? 1 : context.State.WakesUntilRadio;
                nextSession = clock.UnixTimeMilliseconds + context.SleepUntilNextSample() + ledger.Profile.BootMilliseconds
                    + ((wakes - 1) * context.SampleMilliseconds);
            }

            if (context.RadioConnected)
            {
                ledger.Begin(PowerPhase.RadioReceive, clock.UptimeMilliseconds);
            }

            // This session's error goes into its own goodbye status; one the goodbye itself meets, into the next.
            context.RecordError(context.Session.LastError);
            bool reboot = context.RebootAtEnd || context.SessionContext.RebootRequested;
            context.Session.Close(reboot ? -1 : nextSession, false);
            ledger.Begin(PowerPhase.CpuActive, clock.UptimeMilliseconds);
            context.RecordError(context.Session.LastError);
            if (context.SessionContext.RebootRequested)
            {
                context.RequestReboot();
            }
        }
    }
}
