using Firmware.Ports;
using Firmware.Power;
using Firmware.Storage;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// The second half of a boot, after <see cref="WakeContext"/> mounted the storage: loads the wake state the last
    /// wake left (energy ledger, backoff, wakes until the radio), resolves why this boot happened
    /// (<see cref="WakeReason"/>) and accounts what came before it in the ledger: the deep sleep that ended (timer
    /// wakes), the wake itself and the loader's bundle load. A power-on on battery is a new battery, so the ledger
    /// starts over; any boot that is not a timer wake reports in at once (radio at this wake). Runs once per
    /// <see cref="DeviceLoop"/>, when it is built.
    /// </summary>
    public sealed class BootPhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            WakeState state = context.State;
            EnergyLedger ledger = context.Ledger;
            DeviceStorage storage = context.Storage;
            bool loaded = state.Load(storage.State);
            if (!loaded && storage.Boot.Boots > 1)
            {
                context.Log.Write(LogLevel.Warning, "power", "starting a new energy ledger: " + state.Error);
            }

            string reason = WakeReason.Resolve(context.Platform.Power.WakeCause, state.RebootRequested, context.Clock.IsWallTimeKnown);
            context.WakeReasonText = reason;
            context.PreviousWakeUnfinished = loaded && state.WrittenAtBoot != storage.Boot.Boots - 1;
            state.RebootRequested = false;
            if (reason == WakeReason.PowerOn && !context.IsMains)
            {
                // Power was lost: on a battery device that is a new battery, so the ledger starts over.
                ledger.Reset();
                state.GasReadingsSkipped = false;
            }
            else if (reason == WakeReason.Timer && loaded && state.LastSleepMilliseconds > 0)
            {
                ledger.Add(PowerPhase.DeepSleep, state.LastSleepMilliseconds);
            }

            if (!loaded || reason != WakeReason.Timer)
            {
                // A first boot, a power-on, a reboot or a reset reports in at once: to learn the time and its
                // configuration, and to say it is back.
                state.WakesUntilRadio = 0;
            }

            ledger.AddWake();
            if (context.LoadMilliseconds > 0)
            {
                // The loader measured how long it took to load this application's bundle from its slot.
                ledger.Add(PowerPhase.BundleLoad, context.LoadMilliseconds);
            }

            context.StartCpuAccounting(context.EntryUptime);
            ReadingLog log = storage.Log;
            context.Log.Write(LogLevel.Info, "storage", "boot " + storage.Boot.Boots.ToString() + " (" + reason + "): " + log.Held.ToString()
                + " reading(s) held, next #" + log.NextSequence.ToString() + ", " + log.Dropped.ToString() + " dropped");
        }
    }
}
