using Firmware.Control;
using Firmware.Ports;
using Firmware.Storage;
using Firmware.Uplink;

namespace Firmware.Device
{
    /// <summary>
    /// The device's main loop: on every sample interval, measure every sensor, append the reading to the
    /// flash log (which gives it the next sequence number) and commit it, then publish what the log holds
    /// and acknowledge it there after the broker's PUBACK. The loop never ends on bad input or a failing
    /// port: each failure is logged and the next wake tries again.
    /// </summary>
    public sealed class DeviceLoop
    {
        private readonly Platform _platform;
        private readonly DeviceConfig _config;
        private readonly Sampler _sampler;
        private readonly TelemetryUplink _uplink;
        private readonly Reading _reading;
        private readonly ILog _log;
        private readonly Thermostat _thermostat;
        private readonly DeviceStorage _storage;
        private readonly StoredReadingPublisher _publisher;
        private bool _restart;

        public DeviceLoop(Platform platform, DeviceConfig config, string firmwareVersion)
        {
            _platform = platform;
            _config = config;
            _log = platform.Log;
            _sampler = new Sampler(platform.Sensors, platform.Clock, platform.Log);
            _reading = new Reading(_sampler.Channels.Count);
            _uplink = new TelemetryUplink(platform, config, _sampler.Channels, firmwareVersion);
            IFlash flash = platform.Flash;
            if (flash == null)
            {
                _log.Write(LogLevel.Warning, "storage", "no flash on this platform: readings are kept in RAM until a restart");
                flash = new RamFlash(1024, 16);
            }

            _storage = new DeviceStorage(flash);
            _storage.Open(platform.Power.WakeCause, platform.Clock);
            _publisher = new StoredReadingPublisher(_storage, _uplink, _log, _sampler.Channels.Count);
            ReadingLog log = _storage.Log;
            _log.Write(LogLevel.Info, "storage", "boot " + _storage.Boot.Boots.ToString() + ": " + log.Held.ToString()
                + " reading(s) held, next #" + log.NextSequence.ToString() + ", " + log.Dropped.ToString() + " dropped");
            if (platform.Relay != null)
            {
                // A reading older than two sample intervals is stale: the heater goes off rather than run blind.
                _thermostat = new Thermostat(platform.Relay, platform.Clock, new ThermostatSettings(), _sampler.Channels, 2000L * config.SampleIntervalSeconds);
            }
        }

        /// <summary>The thermostat when the platform has a relay, else null; controls on every sample, network or not.</summary>
        public Thermostat Thermostat
        {
            get { return _thermostat; }
        }

        /// <summary>The flash log, state store and time base this loop uses.</summary>
        public DeviceStorage Storage
        {
            get { return _storage; }
        }

        /// <summary>Readings sampled since start.</summary>
        public long Sampled { get; private set; }

        /// <summary>Readings the broker acknowledged.</summary>
        public long Delivered
        {
            get { return _publisher.Delivered; }
        }

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

        /// <summary>One wake: sample and store, then publish what the log holds.</summary>
        public void Wake()
        {
            long sampledAt = _platform.Clock.UptimeMilliseconds;
            _sampler.Measure(_reading);
            if (_thermostat != null)
            {
                // Control before any network step, so a slow or absent network cannot delay it.
                _thermostat.Update(_reading, sampledAt);
            }

            Sampled++;
            try
            {
                _storage.Log.Append(_reading);
                _storage.Log.Sync();
                if (_log.IsEnabled(LogLevel.Info))
                {
                    _log.Write(LogLevel.Info, "sample", ReadingText.Describe(_reading, _sampler.Channels));
                }
            }
            catch (System.IO.IOException e)
            {
                _log.Write(LogLevel.Error, "storage", "reading not stored: " + e.Message);
            }

            bool connected = _uplink.Connect();
            if (!connected)
            {
                _log.Write(LogLevel.Warning, "uplink", _uplink.LastError);
            }

            try
            {
                // Before publishing, so readings of this power-on get their wall time as soon as it is known.
                _storage.ObserveClock(_platform.Clock);
                if (connected)
                {
                    _publisher.Publish();
                }
            }
            catch (System.IO.IOException e)
            {
                _log.Write(LogLevel.Error, "storage", e.Message);
            }

            RunSessionHook(connected);
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
