using Firmware.Ports;
using Firmware.Power;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// Measures every sensor into the wake's reading (values, validity, time) and charges the ledger's sensor phase:
    /// the time measured, and at least the board's typical measurement (the host's simulated sensors take none).
    /// </summary>
    public sealed class SamplePhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            IClock clock = context.Clock;
            EnergyLedger ledger = context.Ledger;
            long sampledAt = clock.UptimeMilliseconds;
            context.SampledAt = sampledAt;
            ledger.Begin(PowerPhase.SensorMeasure, sampledAt);
            context.Sampler.Measure(context.Reading);
            long measured = clock.UptimeMilliseconds - sampledAt;
            ledger.Begin(PowerPhase.CpuActive, clock.UptimeMilliseconds);
            if (measured < ledger.Profile.SensorMeasureMilliseconds)
            {
                // The host's simulated sensor takes no time; a real one takes the profile's.
                ledger.Add(PowerPhase.SensorMeasure, ledger.Profile.SensorMeasureMilliseconds - measured);
            }
        }
    }
}
