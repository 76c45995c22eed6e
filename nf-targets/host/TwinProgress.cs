using System;
using System.IO;
using Firmware.Drivers.SimulatedClimate;
using Firmware.Host.Hardware;
using Firmware.Host.Scenarios;

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
        private readonly SimulatedClimateSensor _sensor;
        private readonly ThermostatRig _thermostat;
        private readonly TelemetryObserver _observer;
        private readonly SimulatedBattery _battery;
        private readonly long _step;
        private long _next;

        public TwinProgress(TextWriter output, TimeSpan duration, VirtualClock clock, SimulatedClimateSensor sensor, ThermostatRig thermostat,
            TelemetryObserver observer, SimulatedBattery battery)
        {
            _output = output;
            _clock = clock;
            _sensor = sensor;
            _thermostat = thermostat;
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

            int sampled = _thermostat != null ? _thermostat.Samples.Count : _sensor.MeasurementCount;
            string received = _observer != null ? $"{_observer.Distinct} received" : "not observed";
            long radio = (ledger.Latest.Microseconds(Firmware.Power.PowerPhase.WifiConnect) + ledger.Latest.Microseconds(Firmware.Power.PowerPhase.RadioTransmit)
                + ledger.Latest.Microseconds(Firmware.Power.PowerPhase.RadioReceive)) / 1000;
            _output.WriteLine($"progress {DurationText.Format(TimeSpan.FromMilliseconds(now))}: {sampled} sampled, {received}, radio {radio / 1000.0:0.0} s, "
                + $"{ledger.Latest.TotalMicroampHours / 1000.0:0.000} mAh used, battery {_battery.ChargePercent:0.00} %");
        }
    }
}
