namespace Firmware.Device.Phases
{
    /// <summary>
    /// Mains: saves the wake state (the energy ledger above all) once an hour has passed since the last save
    /// (<see cref="WakeContext.StateSavedAt"/>): it is not worth a flash write per sample, and a mains device never
    /// resets its ledger.
    /// </summary>
    public sealed class SaveLedgerPhase : IWakePhase
    {
        /// <summary>How often a mains device saves its wake state.</summary>
        public const long IntervalMilliseconds = 3600000;

        public void Run(WakeContext context)
        {
            if (context.Clock.UptimeMilliseconds - context.StateSavedAt >= IntervalMilliseconds)
            {
                context.ChargeWake();
                context.SaveState();
                context.StateSavedAt = context.Clock.UptimeMilliseconds;
            }
        }
    }
}
