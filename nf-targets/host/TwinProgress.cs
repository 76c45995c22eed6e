using System;
using System.Diagnostics;
using System.IO;
using Firmware.Host.Hardware;

namespace Firmware.Host
{
    /// <summary>
    /// Lines of progress: at every tenth of a run of known length (in device time), and every
    /// <see cref="TwinOptions.ProgressEvery"/> of real time in a run without one. Each gives the device time, the
    /// readings sampled and received by the observer, the radio sessions, and the energy: on battery the charge used and
    /// the battery left, on mains the heater's share of the time (a mains device has no battery). It is asked at every
    /// boot and every sleep of the device, so a mains loop that never boots again gets its lines too.
    /// </summary>
    public sealed class TwinProgress
    {
        private readonly TextWriter _output;
        private readonly TwinDevice _device;
        private readonly object _gate = new object();
        private readonly long _step;
        private readonly Stopwatch _real = Stopwatch.StartNew();
        private readonly TimeSpan _realStep;
        private long _next;
        private TimeSpan _nextReal;

        /// <summary>The independent subscriber, or null (none yet: with --setup it starts once setup stored the broker).</summary>
        public TelemetryObserver Observer { get; set; }

        public TwinProgress(TextWriter output, TimeSpan duration, TimeSpan realStep, TwinDevice device, TelemetryObserver observer)
        {
            _output = output;
            _device = device;
            Observer = observer;
            _step = duration > TimeSpan.Zero ? Math.Max(60_000, (long)duration.TotalMilliseconds / 10) : long.MaxValue;
            _next = _step;
            _realStep = realStep;
            _nextReal = realStep;
        }

        /// <summary>Prints a line when one is due.</summary>
        public void Report()
        {
            long now = _device.Clock.TotalMilliseconds;
            lock (_gate)
            {
                bool dueByDeviceTime = now >= _next;
                bool dueByRealTime = _step == long.MaxValue && _real.Elapsed >= _nextReal;
                if (!dueByDeviceTime && !dueByRealTime)
                {
                    return;
                }

                while (_next <= now)
                {
                    _next += _step;
                }

                while (_nextReal <= _real.Elapsed)
                {
                    _nextReal += _realStep;
                }
            }

            string received = Observer != null ? $"{Observer.Distinct} received" : "not observed";
            TwinDevice.LedgerReader ledger = _device.Ledger;
            long radio = (ledger.Latest.Microseconds(Firmware.Power.PowerPhase.WifiConnect) + ledger.Latest.Microseconds(Firmware.Power.PowerPhase.RadioTransmit)
                + ledger.Latest.Microseconds(Firmware.Power.PowerPhase.RadioReceive)) / 1000;
            string energy = _device.IsMains
                ? (_device.Thermostat != null ? $"heater on {100.0 * _device.Thermostat.Room.HeaterOnMilliseconds / Math.Max(1, now):0.0} % of the time, " : string.Empty) + "on mains"
                : $"radio {radio / 1000.0:0.0} s, {ledger.Latest.TotalMicroampHours / 1000.0:0.000} mAh used, battery {_device.Battery.ChargePercent:0.00} %";
            _output.WriteLine($"progress {DurationText.Format(TimeSpan.FromMilliseconds(now))}: {_device.Sampled} sampled, {received}, {_device.Radio.Sessions} radio session(s), {energy}");
        }
    }
}
