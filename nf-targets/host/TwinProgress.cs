using System;
using System.IO;
using Firmware.Host.Hardware;

namespace Firmware.Host
{
    /// <summary>
    /// One line of progress at every tenth of a run of known length (else every six hours of device time): device
    /// time, readings sampled and received by the observer, radio time and the battery.
    /// </summary>
    public sealed class TwinProgress
    {
        private readonly TextWriter _output;
        private readonly VirtualClock _clock;
        private readonly Func<int> _sampled;
        private readonly TelemetryObserver _observer;
        private readonly SimulatedBattery _battery;
        private readonly long _step;
        private long _next;

        /// <param name="sampled">Readings the device has sampled so far.</param>
        public TwinProgress(TextWriter output, TimeSpan duration, VirtualClock clock, Func<int> sampled, TelemetryObserver observer, SimulatedBattery battery)
        {
            _output = output;
            _clock = clock;
            _sampled = sampled;
            _observer = observer;
            _battery = battery;
            _step = duration > TimeSpan.Zero ? Math.Max(60_000, (long)duration.TotalMilliseconds / 10) : 6 * 3_600_000L;
            _next = _step;
        }

        public void Report(TwinDevice.LedgerReader ledger)
        {
            long now = _clock.TotalMilliseconds;
            if (now < _next)
            {
                return;
            }

            while (_next <= now)
            {
                _next += _step;
            }

            int sampled = _sampled();
            string received = _observer != null ? $"{_observer.Distinct} received" : "not observed";
            long radio = (ledger.Latest.Microseconds(Firmware.Power.PowerPhase.WifiConnect) + ledger.Latest.Microseconds(Firmware.Power.PowerPhase.RadioTransmit)
                + ledger.Latest.Microseconds(Firmware.Power.PowerPhase.RadioReceive)) / 1000;
            _output.WriteLine($"progress {DurationText.Format(TimeSpan.FromMilliseconds(now))}: {sampled} sampled, {received}, radio {radio / 1000.0:0.0} s, "
                + $"{ledger.Latest.TotalMicroampHours / 1000.0:0.000} mAh used, battery {_battery.ChargePercent:0.00} %");
        }
    }
}
