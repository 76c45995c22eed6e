using System;

namespace Firmware.Host.Hardware
{
    /// <summary>
    /// A heated room as a first-order thermal model: heat capacity C, heat loss UA to an outdoor temperature
    /// that swings over the day (coldest at 04:00, warmest at 16:00), and an electric heater of fixed power
    /// switched by the thermostat's relay: C·dT/dt = P·heating − UA·(T − T_out). Integrated exactly over steps
    /// of at most 10 s (T_out taken at each step's middle), lazily up to the time asked for, so the sensor sees
    /// the room as it is when it converts and the heater changes at the instant the relay switches.
    /// </summary>
    public sealed class SimulatedRoom
    {
        private const long StepMilliseconds = 10000;
        private readonly Func<long> _nowMilliseconds;
        private long _at;
        private double _celsius;
        private bool _heaterOn;

        /// <param name="nowMilliseconds">Virtual time in milliseconds since the start of the simulation.</param>
        public SimulatedRoom(Func<long> nowMilliseconds, double startCelsius = 17.0)
        {
            _nowMilliseconds = nowMilliseconds;
            _at = nowMilliseconds();
            _celsius = startCelsius;
        }

        /// <summary>Heat capacity of the air, furniture and inner walls, in J/K (900 kJ/K: a time constant of 5 h).</summary>
        public double HeatCapacityJoulesPerKelvin { get; set; } = 900_000;

        /// <summary>Heat loss to outside, in W/K.</summary>
        public double LossWattsPerKelvin { get; set; } = 50;

        public double HeaterWatts { get; set; } = 2000;

        public double OutdoorMeanCelsius { get; set; } = 2.0;

        /// <summary>Half the day's outdoor swing (6 K: −4 °C at 04:00, 8 °C at 16:00).</summary>
        public double OutdoorSwingCelsius { get; set; } = 6.0;

        /// <summary>The time of day at simulation time zero, in hours.</summary>
        public double StartHourOfDay { get; set; }

        /// <summary>Relative humidity the room reports (kept constant).</summary>
        public double HumidityPercent { get; set; } = 40.0;

        public double PressurePascals { get; set; } = 101_325.0;

        /// <summary>Milliseconds the heater has been on (its energy is this × <see cref="HeaterWatts"/>).</summary>
        public long HeaterOnMilliseconds { get; private set; }

        public double Celsius
        {
            get
            {
                AdvanceTo(_nowMilliseconds());
                return _celsius;
            }
        }

        public bool HeaterOn
        {
            get => _heaterOn;
            set
            {
                AdvanceTo(_nowMilliseconds());
                _heaterOn = value;
            }
        }

        public double OutdoorCelsiusAt(long milliseconds)
        {
            double hours = StartHourOfDay + (milliseconds / 3_600_000.0);
            return OutdoorMeanCelsius - (OutdoorSwingCelsius * Math.Cos(2 * Math.PI * (hours - 4.0) / 24.0));
        }

        /// <summary>What the room's sensor would measure now: (°C, %RH, Pa).</summary>
        public (double Celsius, double Percent, double Pascals) Air() => (Celsius, HumidityPercent, PressurePascals);

        private void AdvanceTo(long now)
        {
            while (_at < now)
            {
                long step = Math.Min(StepMilliseconds, now - _at);
                double outdoor = OutdoorCelsiusAt(_at + (step / 2));
                double power = _heaterOn ? HeaterWatts : 0;

                // Exact solution over the step with constant inputs: T → T_eq + (T − T_eq)·e^(−UA·dt/C).
                double equilibrium = outdoor + (power / LossWattsPerKelvin);
                double decay = Math.Exp(-LossWattsPerKelvin * (step / 1000.0) / HeatCapacityJoulesPerKelvin);
                _celsius = equilibrium + ((_celsius - equilibrium) * decay);
                if (_heaterOn)
                {
                    HeaterOnMilliseconds += step;
                }

                _at += step;
            }
        }
    }
}
