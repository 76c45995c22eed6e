using Firmware.Text;

namespace Firmware.Control
{
    /// <summary>
    /// What the thermostat is asked to do. Temperatures are hundredths of a degree Celsius, times are seconds.
    /// Plain data; <see cref="Validate"/> says what is wrong with a set, and nothing applies a set it rejects.
    /// </summary>
    public sealed class ThermostatSettings
    {
        public const int MinSetpointCenti = 500;
        public const int MaxSetpointCenti = 3000;
        public const int MinHysteresisCenti = 10;
        public const int MaxHysteresisCenti = 500;
        public const int MaxMinimumSeconds = 3600;
        public const int MinMaximumOnSeconds = 600;
        public const int MaxMaximumOnSeconds = 86400;
        public const int MinCutoffCenti = 1000;
        public const int MaxCutoffCenti = 6000;

        /// <summary>The mode in which the thermostat heats to its setpoint.</summary>
        public const string ModeHeat = "heat";

        /// <summary>The mode in which the heater stays off (the thermostat still watches the sensor and reports).</summary>
        public const string ModeOff = "off";

        public ThermostatSettings()
        {
            Mode = ModeHeat;
            SetpointCenti = 2100;
            HysteresisCenti = 50;
            MinimumOnSeconds = 180;
            MinimumOffSeconds = 180;
            MaximumOnSeconds = 14400;
            CutoffCenti = 3500;
        }

        /// <summary>The temperature to hold, 5.00 to 30.00 °C.</summary>
        public int SetpointCenti { get; set; }

        /// <summary>
        /// Width of the hysteresis band, 0.10 to 5.00 °C: heating starts at setpoint − band/2 and stops at
        /// setpoint + band/2.
        /// </summary>
        public int HysteresisCenti { get; set; }

        /// <summary>Shortest on period of normal control, 0 to 3600 s.</summary>
        public int MinimumOnSeconds { get; set; }

        /// <summary>Shortest off period, 0 to 3600 s; applies after safety stops too.</summary>
        public int MinimumOffSeconds { get; set; }

        /// <summary>Longest continuous on period, 600 to 86400 s; then the heater rests for the minimum off time.</summary>
        public int MaximumOnSeconds { get; set; }

        /// <summary>High-temperature cut-off, 10.00 to 60.00 °C, above setpoint + band: the heater goes off at once.</summary>
        public int CutoffCenti { get; set; }

        /// <summary><see cref="ModeHeat"/> (hold the setpoint) or <see cref="ModeOff"/> (the heater stays off).</summary>
        public string Mode { get; set; }

        /// <summary>True in <see cref="ModeOff"/>.</summary>
        public bool IsOff
        {
            get { return Mode == ModeOff; }
        }

        /// <summary>The most relay cycles (switch-ons) per hour the minimum on and off times allow.</summary>
        public int MaxCyclesPerHour
        {
            get
            {
                int period = MinimumOnSeconds + MinimumOffSeconds;
                return period <= 0 ? 3600 : 3600 / period;
            }
        }

        /// <summary>Null when the set is usable, else a specific message naming the setting and its limits.</summary>
        public string Validate()
        {
            if (Mode != ModeHeat && Mode != ModeOff)
            {
                return "mode must be \"heat\" or \"off\"";
            }

            if (SetpointCenti < MinSetpointCenti || SetpointCenti > MaxSetpointCenti)
            {
                return "setpoint must be " + Celsius(MinSetpointCenti) + " to " + Celsius(MaxSetpointCenti) + ", not " + Celsius(SetpointCenti);
            }

            if (HysteresisCenti <= 0)
            {
                return "hysteresis must be greater than 0 °C, not " + Celsius(HysteresisCenti);
            }

            if (HysteresisCenti < MinHysteresisCenti || HysteresisCenti > MaxHysteresisCenti)
            {
                return "hysteresis must be " + Celsius(MinHysteresisCenti) + " to " + Celsius(MaxHysteresisCenti) + ", not " + Celsius(HysteresisCenti);
            }

            if (MinimumOnSeconds < 0 || MinimumOnSeconds > MaxMinimumSeconds)
            {
                return "minOnSeconds must be 0 to " + MaxMinimumSeconds.ToString() + ", not " + MinimumOnSeconds.ToString();
            }

            if (MinimumOffSeconds < 0 || MinimumOffSeconds > MaxMinimumSeconds)
            {
                return "minOffSeconds must be 0 to " + MaxMinimumSeconds.ToString() + ", not " + MinimumOffSeconds.ToString();
            }

            if (MaximumOnSeconds < MinMaximumOnSeconds || MaximumOnSeconds > MaxMaximumOnSeconds)
            {
                return "maxOnSeconds must be " + MinMaximumOnSeconds.ToString() + " to " + MaxMaximumOnSeconds.ToString() + ", not " + MaximumOnSeconds.ToString();
            }

            if (MaximumOnSeconds < MinimumOnSeconds)
            {
                return "maxOnSeconds (" + MaximumOnSeconds.ToString() + ") must not be below minOnSeconds (" + MinimumOnSeconds.ToString() + ")";
            }

            if (CutoffCenti < MinCutoffCenti || CutoffCenti > MaxCutoffCenti)
            {
                return "cutoff must be " + Celsius(MinCutoffCenti) + " to " + Celsius(MaxCutoffCenti) + ", not " + Celsius(CutoffCenti);
            }

            if (CutoffCenti <= SetpointCenti + HysteresisCenti)
            {
                return "cutoff (" + Celsius(CutoffCenti) + ") must be above setpoint + hysteresis (" + Celsius(SetpointCenti + HysteresisCenti) + ")";
            }

            return null;
        }

        public ThermostatSettings Copy()
        {
            ThermostatSettings copy = new ThermostatSettings();
            copy.SetpointCenti = SetpointCenti;
            copy.HysteresisCenti = HysteresisCenti;
            copy.MinimumOnSeconds = MinimumOnSeconds;
            copy.MinimumOffSeconds = MinimumOffSeconds;
            copy.MaximumOnSeconds = MaximumOnSeconds;
            copy.CutoffCenti = CutoffCenti;
            copy.Mode = Mode;
            return copy;
        }

        public bool SameAs(ThermostatSettings other)
        {
            return other != null
                && SetpointCenti == other.SetpointCenti
                && HysteresisCenti == other.HysteresisCenti
                && MinimumOnSeconds == other.MinimumOnSeconds
                && MinimumOffSeconds == other.MinimumOffSeconds
                && MaximumOnSeconds == other.MaximumOnSeconds
                && CutoffCenti == other.CutoffCenti
                && Mode == other.Mode;
        }

        private static string Celsius(int centi)
        {
            return FixedPoint.Format(centi, -2) + " °C";
        }
    }
}
