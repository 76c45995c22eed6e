using Firmware.Readings;
using Firmware.Ports;
using Firmware.Text;

namespace Firmware.Control
{
    /// <summary>
    /// A heating thermostat: hysteresis around the setpoint, minimum on and off times, a maximum on time and a
    /// high-temperature cut-off. It runs on every sample and needs nothing but the sensor, the clock and the
    /// relay: the network only reports what it does. A failed, stale or missing temperature, or one at the
    /// cut-off, switches the heater off at once (the relay's minimum on time yields to safety) and is reported
    /// in <see cref="Fault"/>. Times come from the uptime clock, so a change of wall time cannot disturb them;
    /// after a boot the heater is off and the minimum off time runs from the boot.
    /// </summary>
    public sealed class Thermostat
    {
        private readonly IRelay _relay;
        private readonly IClock _clock;
        private readonly long _maxSampleAgeMilliseconds;
        private readonly int _temperatureChannel;
        private readonly int _temperatureScale;
        private ThermostatSettings _settings;
        private bool _wasOn;
        private long _changedAt;
        private bool _overTemperature;

        /// <param name="channels">The device's channels; the first "temperature" in "Cel" is the control input.</param>
        /// <param name="maxSampleAgeMilliseconds">A reading older than this is stale and switches the heater off.</param>
        public Thermostat(IRelay relay, IClock clock, ThermostatSettings settings, ChannelTable channels, long maxSampleAgeMilliseconds)
        {
            string invalid = settings.Validate();
            if (invalid != null)
            {
                throw new System.ArgumentException("thermostat settings: " + invalid);
            }

            _relay = relay;
            _clock = clock;
            _settings = settings.Copy();
            _maxSampleAgeMilliseconds = maxSampleAgeMilliseconds;
            _temperatureChannel = -1;
            if (channels != null)
            {
                for (int i = 0; i < channels.Count; i++)
                {
                    SensorChannel channel = channels.Get(i);
                    if (channel.Name == "temperature" && channel.Unit == "Cel")
                    {
                        _temperatureChannel = i;
                        _temperatureScale = channel.Scale;
                        break;
                    }
                }
            }

            _relay.SwitchOffNow();
            _wasOn = false;
            _changedAt = clock.UptimeMilliseconds;
            Fault = _temperatureChannel < 0 && channels != null ? "no temperature channel: the heater stays off" : null;
        }

        /// <summary>The settings in force (a copy).</summary>
        public ThermostatSettings Settings
        {
            get { return _settings.Copy(); }
        }

        public int SetpointCenti
        {
            get { return _settings.SetpointCenti; }
        }

        /// <summary>The hysteresis in force, without the copy <see cref="Settings"/> makes.</summary>
        public int HysteresisCenti
        {
            get { return _settings.HysteresisCenti; }
        }

        /// <summary>The mode in force ("heat" or "off"), without the copy <see cref="Settings"/> makes.</summary>
        public string Mode
        {
            get { return _settings.Mode; }
        }

        /// <summary>True while the heater relay is on.</summary>
        public bool HeatingOn
        {
            get { return _relay.IsOn; }
        }

        /// <summary>Why the heater is held off (sensor failed or stale, over-temperature, maximum on time), or null.</summary>
        public string Fault { get; private set; }

        /// <summary>The last valid temperature in hundredths of a degree; meaningful when <see cref="HasTemperature"/>.</summary>
        public int TemperatureCenti { get; private set; }

        public bool HasTemperature { get; private set; }

        /// <summary>Times the heater was stopped for safety (failed or stale sensor, over-temperature).</summary>
        public int SafetyStops { get; private set; }

        /// <summary>Times the heater was stopped at its maximum on time.</summary>
        public int MaximumOnStops { get; private set; }

        /// <summary>Replaces the settings when they are valid; returns null, or why they were rejected (nothing changes).</summary>
        public string Apply(ThermostatSettings settings)
        {
            string invalid = settings.Validate();
            if (invalid == null)
            {
                _settings = settings.Copy();
            }

            return invalid;
        }

        /// <summary>One control step on a device reading, sampled at <paramref name="sampledAtUptime"/>.</summary>
        public void Update(Reading reading, long sampledAtUptime)
        {
            if (_temperatureChannel < 0)
            {
                SafetyOff("no temperature channel: the heater stays off");
                return;
            }

            bool valid = reading.IsValid(_temperatureChannel);
            Update(valid, valid ? ToCenti(reading.Values[_temperatureChannel], _temperatureScale) : 0, sampledAtUptime);
        }

        /// <summary>One control step on a temperature (hundredths of a degree) sampled at <paramref name="sampledAtUptime"/>.</summary>
        public void Update(bool valid, int temperatureCenti, long sampledAtUptime)
        {
            long now = _clock.UptimeMilliseconds;
            Track(now);
            if (!valid)
            {
                HasTemperature = false;
                SafetyOff("temperature sensor failed: heater off");
                return;
            }

            long age = now - sampledAtUptime;
            if (age > _maxSampleAgeMilliseconds)
            {
                SafetyOff("temperature is stale (" + (age / 1000).ToString() + " s old): heater off");
                return;
            }

            TemperatureCenti = temperatureCenti;
            HasTemperature = true;
            if (temperatureCenti >= _settings.CutoffCenti)
            {
                _overTemperature = true;
                SafetyOff("over-temperature cut-off: " + FixedPoint.Format(temperatureCenti, -2) + " °C reached the cut-off of " + FixedPoint.Format(_settings.CutoffCenti, -2) + " °C");
                return;
            }

            if (_settings.IsOff)
            {
                // Switched off by its owner: the heater goes off (the relay's own minimum on time still protects it).
                Fault = null;
                Set(false, now);
                return;
            }

            if (_overTemperature)
            {
                // Stay off until the room is a band below the cut-off, so the cut-off does not chatter.
                if (temperatureCenti > _settings.CutoffCenti - _settings.HysteresisCenti)
                {
                    return;
                }

                _overTemperature = false;
            }

            long inState = now - _changedAt;
            bool on = _relay.IsOn;
            if (on && inState >= _settings.MaximumOnSeconds * 1000L)
            {
                MaximumOnStops++;
                Fault = "heater ran its maximum on time of " + _settings.MaximumOnSeconds.ToString() + " s: resting for the minimum off time";
                Set(false, now);
                return;
            }

            Fault = null;
            int half = _settings.HysteresisCenti / 2;
            if (!on && temperatureCenti <= _settings.SetpointCenti - half && inState >= _settings.MinimumOffSeconds * 1000L)
            {
                Set(true, now);
            }
            else if (on && temperatureCenti >= _settings.SetpointCenti + (_settings.HysteresisCenti - half) && inState >= _settings.MinimumOnSeconds * 1000L)
            {
                Set(false, now);
            }
        }

        /// <summary>
        /// Writes the thermostat's state as properties of the JSON object being written: "heating" (bool),
        /// "setpoint" and "hysteresis" (°C), "fault" (string or null), "mode" ("heat" or "off") and "action" (what the
        /// heater does: "heating", "idle", or "off" when the mode is off).
        /// </summary>
        public void WriteState(JsonWriter writer)
        {
            writer.Property("heating", _relay.IsOn);
            writer.Property("setpoint", _settings.SetpointCenti, -2);
            writer.Property("hysteresis", _settings.HysteresisCenti, -2);
            writer.Name("fault");
            if (Fault == null)
            {
                writer.Null();
            }
            else
            {
                writer.String(Fault);
            }

            writer.Property("mode", _settings.Mode);
            writer.Property("action", Action);
        }

        /// <summary>What the heater does, in Home Assistant's words: "heating" while the relay is on, else "off" when switched off, else "idle".</summary>
        public string Action
        {
            get { return _relay.IsOn ? "heating" : _settings.IsOff ? ThermostatSettings.ModeOff : "idle"; }
        }

        private void Set(bool on, long now)
        {
            if (_relay.Switch(on))
            {
                Track(now);
            }
        }

        private void SafetyOff(string why)
        {
            if (_relay.IsOn)
            {
                SafetyStops++;
            }

            Fault = why;
            _relay.SwitchOffNow();
            Track(_clock.UptimeMilliseconds);
        }

        // Notices a relay change (ours or the relay's own) and starts timing the new state from it. An uptime
        // that went backwards restarts the timing from now: minimum times are served in full again and the
        // maximum on time ends at most one maximum after the jump, instead of waiting for the clock to catch up.
        private void Track(long now)
        {
            bool on = _relay.IsOn;
            if (on != _wasOn || now < _changedAt)
            {
                _wasOn = on;
                _changedAt = now;
            }
        }

        private static int ToCenti(int value, int scale)
        {
            long v = value;
            for (int s = scale; s < -2; s++)
            {
                v /= 10;
            }

            for (int s = scale; s > -2; s--)
            {
                v *= 10;
            }

            return (int)v;
        }
    }
}
