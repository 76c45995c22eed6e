using Firmware.Ports;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// How a mains loop ends (stopped by the target, a configuration change, a reboot or factory reset asked for),
    /// once its watchdog is stopped: the wake state charged and saved (or the configuration and state erased for a
    /// factory reset; a flash failure here is logged and the rest still runs), then what the log holds drained while the
    /// session is up, and the session closed: cleanly (no will) when the loop starts again with a new configuration, else
    /// with the retained "offline" status; then the reboot asked for.
    /// </summary>
    public sealed class MainsStopPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            try
            {
                context.ChargeWake();
                if (context.Commands.FactoryResetRequested)
                {
                    context.FactoryReset();
                }
                else
                {
                    context.State.RebootRequested = context.RebootAtEnd;
                    context.SaveState();
                }
            }
            catch (System.IO.IOException e)
            {
                context.Log.Write(LogLevel.Error, "storage", e.Message);
            }

            context.Budget.Start((long)context.Config.SessionBudgetSeconds * 1000);
            if (context.Session.IsOpen)
            {
                // The readings that waited for the telemetry interval go out before the goodbye: a stop delays none.
                try
                {
                    context.Session.DrainTelemetry();
                }
                catch (System.IO.IOException e)
                {
                    context.Log.Write(LogLevel.Error, "storage", e.Message);
                }
            }

            if (context.RestartRequested && !context.RebootAtEnd)
            {
                // The loop starts again with the new configuration: the session goes down cleanly, no will.
                context.Session.Close(-1, false);
            }
            else
            {
                context.Session.Close(-1, true);
            }

            if (context.RebootAtEnd)
            {
                context.Platform.Power.Reboot();
            }
        }
    }
}
