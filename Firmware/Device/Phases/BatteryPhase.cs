using Firmware.Ports;
using Firmware.Power;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// Measures the battery (-1 when the platform has no gauge or it failed) and plans with this wake's level: the
    /// plan says whether the session's participants may do optional work, and the status reports it.
    /// </summary>
    public sealed class BatteryPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            context.BatteryMillivolts = -1;
            context.BatteryPercent = -1;
            IBattery battery = context.Platform.Battery;
            int millivolts;
            int percent;
            if (battery != null && battery.Measure(out millivolts, out percent))
            {
                context.BatteryMillivolts = millivolts;
                context.BatteryPercent = percent;
            }

            RadioPlanner.Plan(context.PowerBudget, context.Ledger, context.Averages, context.BatteryPercent, context.Plan);
        }
    }
}
