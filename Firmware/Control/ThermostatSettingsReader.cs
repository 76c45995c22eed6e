using Firmware.Text;

namespace Firmware.Control
{
    /// <summary>
    /// Applies a thermostat command to a copy of the current settings: a bare number is a new setpoint in °C
    /// (the payload of <c>…/cmd/setpoint</c>, e.g. <c>21.5</c>), an object may set any of "setpoint",
    /// "hysteresis", "cutoff" (°C, at most two decimals), "minOnSeconds", "minOffSeconds", "maxOnSeconds"
    /// (whole seconds) and "mode" ("heat" or "off"). All or nothing: malformed JSON, an unknown key, a non-number or an invalid value rejects
    /// the whole command with a specific message, and the current settings stay as they were.
    /// </summary>
    public sealed class ThermostatSettingsReader
    {
        private readonly JsonReader _reader = new JsonReader(4);

        /// <summary>Why the last <see cref="Apply"/> failed, or null.</summary>
        public string Error { get; private set; }

        /// <summary>The new settings, or null when the command was rejected (see <see cref="Error"/>).</summary>
        public ThermostatSettings Apply(ThermostatSettings current, byte[] json, int offset, int count)
        {
            Error = null;
            ThermostatSettings next = current.Copy();
            _reader.Reset(json, offset, count);
            if (!_reader.Read())
            {
                return Reject(_reader.Error != null
                    ? "a thermostat command must be a number (the setpoint in °C) or a JSON object: " + _reader.Error
                    : "a thermostat command must not be empty");
            }

            if (_reader.Token == JsonToken.Number || _reader.Token == JsonToken.String)
            {
                string problem = ReadCelsius("setpoint", out int setpoint);
                if (problem != null)
                {
                    return Reject(problem);
                }

                next.SetpointCenti = setpoint;
                _reader.Read();
            }
            else if (_reader.Token == JsonToken.StartObject)
            {
                string problem = ReadObject(next);
                if (problem != null)
                {
                    return Reject(problem);
                }
            }
            else
            {
                return Reject("a thermostat command must be a number (the setpoint in °C) or a JSON object");
            }

            if (_reader.Token != JsonToken.EndOfInput)
            {
                return Reject(_reader.Error != null ? _reader.Error : "unexpected data after the command");
            }

            string invalid = next.Validate();
            return invalid != null ? Reject(invalid) : next;
        }

        private string ReadObject(ThermostatSettings next)
        {
            while (_reader.Read())
            {
                if (_reader.Token == JsonToken.EndObject && _reader.Depth == 0)
                {
                    _reader.Read();
                    return null;
                }

                string key = _reader.GetString();
                if (!_reader.Read())
                {
                    return _reader.Error;
                }

                string problem = ApplyKey(next, key);
                if (problem != null)
                {
                    return problem;
                }
            }

            return _reader.Error != null ? _reader.Error : "unterminated JSON object";
        }

        private string ApplyKey(ThermostatSettings next, string key)
        {
            int value;
            string problem;
            if (key == "setpoint" || key == "hysteresis" || key == "cutoff")
            {
                problem = ReadCelsius(key, out value);
                if (problem == null)
                {
                    if (key == "setpoint")
                    {
                        next.SetpointCenti = value;
                    }
                    else if (key == "hysteresis")
                    {
                        next.HysteresisCenti = value;
                    }
                    else
                    {
                        next.CutoffCenti = value;
                    }
                }

                return problem;
            }

            if (key == "minOnSeconds" || key == "minOffSeconds" || key == "maxOnSeconds")
            {
                problem = ReadSeconds(key, out value);
                if (problem == null)
                {
                    if (key == "minOnSeconds")
                    {
                        next.MinimumOnSeconds = value;
                    }
                    else if (key == "minOffSeconds")
                    {
                        next.MinimumOffSeconds = value;
                    }
                    else
                    {
                        next.MaximumOnSeconds = value;
                    }
                }

                return problem;
            }

            if (key == "mode")
            {
                if (_reader.Token != JsonToken.String)
                {
                    return "mode must be \"heat\" or \"off\", not " + JsonTokenText.Describe(_reader.Token);
                }

                string mode = _reader.GetString();
                if (mode != ThermostatSettings.ModeHeat && mode != ThermostatSettings.ModeOff)
                {
                    return "mode must be \"heat\" or \"off\", not \"" + (mode.Length <= 40 ? mode : mode.Substring(0, 40) + "...") + "\"";
                }

                next.Mode = mode;
                return null;
            }

            return "unknown thermostat setting '" + key + "' (known: setpoint, hysteresis, cutoff, minOnSeconds, minOffSeconds, maxOnSeconds, mode)";
        }

        private string ReadCelsius(string key, out int centi)
        {
            centi = 0;
            long value;
            if (_reader.Token != JsonToken.Number)
            {
                return key + " must be a number in °C, e.g. 21.5, not " + JsonTokenText.Describe(_reader.Token);
            }

            if (!_reader.TryGetFixed(-2, out value) || value < -100000 || value > 100000)
            {
                return key + " must be a temperature in °C with at most two decimals, e.g. 21.5";
            }

            centi = (int)value;
            return null;
        }

        private string ReadSeconds(string key, out int seconds)
        {
            seconds = 0;
            long value;
            if (_reader.Token != JsonToken.Number)
            {
                return key + " must be a whole number of seconds, not " + JsonTokenText.Describe(_reader.Token);
            }

            if (!_reader.TryGetInt64(out value) || value < int.MinValue || value > int.MaxValue)
            {
                return key + " must be a whole number of seconds";
            }

            seconds = (int)value;
            return null;
        }

        private ThermostatSettings Reject(string message)
        {
            Error = message;
            return null;
        }
    }
}
