using Firmware.Ports;
using Firmware.Power;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// Mains: opens the MQTT session when it is down and either its backoff has passed
    /// (<see cref="WakeContext.ReconnectAt"/>) or a participant wants a session now (an image on trial). A failed
    /// attempt ends like a battery session (the participants' end, the error kept) and backs off.
    /// </summary>
    public sealed class MainsConnectPhase : IWakePhase
    {
        /// <summary>The radio reason of a mains session.</summary>
        public const string Mains = "mains";

        public void Run(WakeContext context)
        {
            if (!context.Session.IsOpen && (context.Clock.UptimeMilliseconds >= context.ReconnectAt || context.WantedByParticipant()))
            {
                context.ReconnectAt = Connect(context);
            }
        }

        /// <summary>Opens the session; returns the uptime from which to try again (now when connected).</summary>
        public static long Connect(WakeContext context)
        {
            IClock clock = context.Clock;
            RadioSession session = context.Session;
            context.RadioReason = Mains;
            context.Budget.Start((long)context.Config.SessionBudgetSeconds * 1000);
            if (session.Open())
            {
                // A new session delivers what waited in the log at once, whatever the telemetry interval.
                context.MainsTelemetry.Request();
                context.Backoff.Succeeded();
                context.Ledger.Begin(PowerPhase.CpuActive, clock.UptimeMilliseconds);
                return clock.UptimeMilliseconds;
            }

            context.Ledger.Begin(PowerPhase.CpuActive, clock.UptimeMilliseconds);
            session.Close(-1, true);
            context.RecordError(session.LastError);
            if (context.SessionContext.RebootRequested)
            {
                // A participant asked for it (an image on trial that failed its health check with the network up).
                context.RequestReboot();
            }

            long delay = context.Backoff.Failed(context.Platform.Random);
            context.Log.Write(LogLevel.Warning, "uplink", session.LastError + "; next attempt in " + (delay / 1000).ToString() + " s");
            return clock.UptimeMilliseconds + delay;
        }
    }
}
