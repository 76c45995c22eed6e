using Firmware.Ports;
using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// The device's main loop: on every sample interval, measure every sensor, give the reading the next
    /// sequence number and publish it. The loop never ends on bad input or a failing port: each failure is
    /// logged and the next wake tries again.
    /// </summary>
    public sealed class DeviceLoop
    {
        private readonly Platform _platform;
        private readonly DeviceConfig _config;
        private readonly Sampler _sampler;
        private readonly TelemetryUplink _uplink;
        private readonly Reading _reading;
        private readonly ILog _log;
        private long _nextSequence = 1;
        private bool _restart;

        public DeviceLoop(Platform platform, DeviceConfig config, string firmwareVersion)
        {
            _platform = platform;
            _config = config;
            _log = platform.Log;
            _sampler = new Sampler(platform.Sensors, platform.Clock, platform.Log);
            _reading = new Reading(_sampler.Channels.Count);
            _uplink = new TelemetryUplink(platform, config, _sampler.Channels, firmwareVersion);
        }

        /// <summary>Readings sampled since start.</summary>
        public long Sampled { get; private set; }

        /// <summary>Readings the broker acknowledged.</summary>
        public long Delivered { get; private set; }

        /// <summary>Work that rides on each wake's radio session (the OTA session), or null.</summary>
        public IRadioSessionHook SessionHook { get; set; }

        /// <summary>Runs wakes on the sample interval until the target asks to stop.</summary>
        public void Run()
        {
            long interval = (long)_config.SampleIntervalSeconds * 1000;
            long next = _platform.Clock.UptimeMilliseconds;
            while (!_platform.Power.StopRequested)
            {
                Wake();
                if (_restart)
                {
                    break;
                }

                next += interval;
                long now = _platform.Clock.UptimeMilliseconds;
                if (next <= now)
                {
                    // The wake overran one or more intervals: skip them rather than sample in a burst.
                    long missed = ((now - next) / interval) + 1;
                    next += missed * interval;
                    _log.Write(LogLevel.Warning, "device", "wake overran; skipped " + missed.ToString() + " sample slot(s)");
                }

                long wait = next - _platform.Clock.UptimeMilliseconds;
                if (wait > 0 && !_platform.Power.StopRequested)
                {
                    _platform.Clock.Sleep(wait > int.MaxValue ? int.MaxValue : (int)wait);
                }
            }

            _uplink.Close();
            if (_restart)
            {
                _platform.Power.Reboot();
            }
        }

        /// <summary>One wake: sample, then publish.</summary>
        public void Wake()
        {
            _sampler.Measure(_reading);
            _reading.Sequence = _nextSequence++;
            Sampled++;
            if (_log.IsEnabled(LogLevel.Info))
            {
                _log.Write(LogLevel.Info, "sample", ReadingText.Describe(_reading, _sampler.Channels));
            }

            if (!_uplink.Connect())
            {
                _log.Write(LogLevel.Warning, "uplink", _uplink.LastError);
                RunSessionHook(false);
                return;
            }

            if (_uplink.Send(_reading))
            {
                Delivered++;
                if (_log.IsEnabled(LogLevel.Info))
                {
                    _log.Write(LogLevel.Info, "uplink", "published #" + _reading.Sequence.ToString() + " (acknowledged)");
                }
            }
            else
            {
                _log.Write(LogLevel.Warning, "uplink", _uplink.LastError);
            }

            RunSessionHook(true);
        }

        private void RunSessionHook(bool connected)
        {
            if (SessionHook != null && SessionHook.AfterConnect(_uplink, _platform.Network.IsConnected, connected))
            {
                _restart = true;
            }
        }
    }
}
