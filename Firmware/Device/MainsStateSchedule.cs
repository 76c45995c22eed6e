using Firmware.Control;

namespace Firmware.Device
{
    /// <summary>
    /// Mains: when the exchange after a sample publishes the retained state. Every reading reaches the broker in the
    /// telemetry, so the state only has to keep what Home Assistant shows current: it goes with every drain (the
    /// telemetry interval, a new session, an alarm's onset; every sample when the interval is 0), and at once when what it
    /// shows of the device's control changed since the last one went (the heater on or off, the setpoint, the hysteresis,
    /// the mode, a fault, the alarm). A thermostat thus sends its state every five minutes and on its changes, not every
    /// minute: a fifth of the broker's messages for the same picture. Allocation-free.
    /// </summary>
    public sealed class MainsStateSchedule
    {
        private bool _published;
        private bool _heating;
        private int _setpointCenti;
        private int _hysteresisCenti;
        private string _mode;
        private string _fault;
        private bool _alarm;

        /// <summary>True when the exchange after a sample publishes the state: <paramref name="drained"/> (it drains the log), none published yet, or the control changed.</summary>
        public bool IsDue(WakeContext wake, bool drained)
        {
            if (drained || !_published || _alarm != Alarm(wake))
            {
                return true;
            }

            Thermostat thermostat = wake.Thermostat;
            return thermostat != null && (_heating != thermostat.HeatingOn || _setpointCenti != thermostat.SetpointCenti
                || _hysteresisCenti != thermostat.HysteresisCenti || _mode != thermostat.Mode || _fault != thermostat.Fault);
        }

        /// <summary>The state as it stands went out: the next one is due at the next drain or change.</summary>
        public void Published(WakeContext wake)
        {
            _published = true;
            _alarm = Alarm(wake);
            Thermostat thermostat = wake.Thermostat;
            if (thermostat != null)
            {
                _heating = thermostat.HeatingOn;
                _setpointCenti = thermostat.SetpointCenti;
                _hysteresisCenti = thermostat.HysteresisCenti;
                _mode = thermostat.Mode;
                _fault = thermostat.Fault;
            }
        }

        private static bool Alarm(WakeContext wake)
        {
            return wake.AlarmRule.IsEnabled && wake.State.AlarmActive;
        }
    }
}
