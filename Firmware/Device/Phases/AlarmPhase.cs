using Firmware.Ports;
using Firmware.Text;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// The alarm rule's verdict on the wake's reading. Only its onset (<see cref="WakeContext.AlarmOnset"/>) calls
    /// the radio, so a device staying in alarm does not keep its radio on; the verdict is kept in the wake state for
    /// the next wake and reported in the retained state. A change either way is logged.
    /// </summary>
    public sealed class AlarmPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            AlarmRule rule = context.AlarmRule;
            WakeState state = context.State;
            bool alarm = rule.Check(context.Reading);
            context.AlarmOnset = alarm && !state.AlarmActive;
            if (alarm != state.AlarmActive)
            {
                context.Log.Write(LogLevel.Warning, "alarm", (alarm ? "alarm: " : "alarm cleared: ") + rule.Channel + " at "
                    + FixedPoint.Format(rule.LastCenti, -2));
            }

            state.AlarmActive = alarm;
        }
    }
}
