using Firmware.Ports;
using Firmware.Power;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// Plans with the wake's ledger and battery (<see cref="RadioPlanner"/>), keeps whether the next wakes may take gas
    /// readings, and sets the sample wakes until the next radio session: counted down when this wake had none, the plan's interval after a session that reached the
    /// broker, the backoff's delay (full jitter, as whole sample wakes) after one that did not.
    /// </summary>
    public sealed class PlanNextWakePhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            WakeState state = context.State;
            RadioPlanner.Plan(context.PowerBudget, context.Ledger, context.Averages, context.BatteryPercent, context.Plan);
            state.GasReadingsSkipped = !context.Plan.GasReadingsAllowed;
            if (context.RadioReason == null)
            {
                if (state.WakesUntilRadio > 0)
                {
                    state.WakesUntilRadio--;
                }

                return;
            }

            if (context.RadioConnected)
            {
                state.WakesUntilRadio = context.Plan.SampleWakesPerRadioWake;
                return;
            }

            Backoff backoff = context.Backoff;
            long delay = backoff.Failed(context.Platform.Random);
            state.WakesUntilRadio = RadioPlanner.SampleWakesFor(delay, context.SampleMilliseconds);
            context.Log.Write(LogLevel.Warning, "uplink", context.Session.LastError + "; next attempt in " + state.WakesUntilRadio.ToString()
                + " sample wake(s) (" + backoff.Failures.ToString() + " failure(s) in a row)");
        }
    }
}
