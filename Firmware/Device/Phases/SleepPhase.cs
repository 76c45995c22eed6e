namespace Firmware.Device.Phases
{
    /// <summary>
    /// How a battery wake ends, once its watchdog is stopped: a reboot when one was asked for, else deep sleep until
    /// the next sample slot (<see cref="WakeContext.SleepMilliseconds"/>; a wake that failed before planning it sleeps
    /// one sample interval). On a device neither returns: the next wake is a new boot.
    /// </summary>
    public sealed class SleepPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            if (context.RebootAtEnd)
            {
                context.Platform.Power.Reboot();
            }
            else
            {
                context.Platform.Power.DeepSleep(context.SleepMilliseconds);
            }
        }
    }
}
