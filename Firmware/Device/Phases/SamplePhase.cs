using Firmware.Ports;
using Firmware.Power;

namespace Firmware.Device.Phases
{
    /// <summary>
    /// Measures every sensor into the wake's reading (values, validity, time) and charges the ledger: the gas sensors'
    /// time to its heater phase, the rest to its sensor phase (at least the board's typical measurement: the host's
    /// simulated sensors take none). Gas readings are taken on mains, and on battery unless the last plan found the
    /// battery low.
    /// </summary>
    public sealed class SamplePhase : IWakePhase
    {
        public void Run(WakeContext context)
        {
            IClock clock = context.Clock;
            EnergyLedger ledger = context.Ledger;
            Sampler sampler = context.Sampler;
            long sampledAt = clock.UptimeMilliseconds;
            context.SampledAt = sampledAt;
            sampler.GasReadingsAllowed = context.IsMains || !context.State.GasReadingsSkipped;
            ledger.Begin(PowerPhase.SensorMeasure, sampledAt);
            sampler.Measure(context.Reading);
            long now = clock.UptimeMilliseconds;
            long gas = sampler.GasMilliseconds;
            ledger.End(now - gas);
            ledger.Add(PowerPhase.GasHeater, gas);
            long measured = now - sampledAt - gas;
            ledger.Begin(PowerPhase.CpuActive, now);
            if (measured < ledger.Profile.SensorMeasureMilliseconds)
            {
                // The host's simulated sensor takes no time; a real one takes the profile's.
                ledger.Add(PowerPhase.SensorMeasure, ledger.Profile.SensorMeasureMilliseconds - measured);
            }
        }
    }
}
