using Firmware.Ports;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// The last phase of a battery wake: charges what the host could not time (<see cref="WakeContext.ChargeWake"/>),
    /// fixes the sleep until the next sample slot, and saves the wake state for the next boot (the ledger, the
    /// backoff, the wakes until the radio, the sleep asked for, a reboot asked for) and commits it. After an accepted
    /// factory reset it erases the configuration and the state instead, keeping the unsent readings.
    /// </summary>
    public sealed class PersistWakeStatePhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            if (context.Commands.FactoryResetRequested)
            {
                context.FactoryReset();
                context.Log.Write(LogLevel.Warning, "storage", "factory reset: configuration and state erased; " + context.Storage.Log.Held.ToString()
                    + " unsent reading(s) kept");
                return;
            }

            context.ChargeWake();
            context.SleepMilliseconds = context.SleepUntilNextSample();
            WakeState state = context.State;
            state.LastSleepMilliseconds = context.RebootAtEnd ? -1 : context.SleepMilliseconds;
            state.RebootRequested = context.RebootAtEnd;
            context.SaveState();
        }
    }
}
