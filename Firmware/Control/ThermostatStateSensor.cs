using Firmware.Ports;

namespace Firmware.Control
{
    /// <summary>
    /// The thermostat's state as two channels of every reading, so the telemetry (and the log it is drained from)
    /// says what the thermostat did at each sample: "heating" (1 while the relay is on, 0 when off; SenML unit "/")
    /// and "setpoint" (°C, in hundredths). The device loop appends it to the sensors and fills it again right after
    /// the thermostat's update, so a reading carries the decision taken on that very sample.
    /// </summary>
    public sealed class ThermostatStateSensor : ISensor
    {
        public const string HeatingName = "heating";
        public const string SetpointName = "setpoint";

        private readonly SensorChannel _heating = new SensorChannel(HeatingName, "/", 0);
        private readonly SensorChannel _setpoint = new SensorChannel(SetpointName, "Cel", -2);

        /// <summary>The thermostat whose state is reported; null until the device loop attaches it.</summary>
        public Thermostat Thermostat { get; set; }

        public string Name
        {
            get { return "thermostat"; }
        }

        public int ChannelCount
        {
            get { return 2; }
        }

        public string Fault
        {
            get { return Thermostat == null ? "no thermostat attached" : null; }
        }

        public SensorChannel GetChannel(int index)
        {
            return index == 0 ? _heating : _setpoint;
        }

        public int Measure(int[] values, int offset)
        {
            if (Thermostat == null)
            {
                values[offset] = 0;
                values[offset + 1] = 0;
                return 0;
            }

            values[offset] = Thermostat.HeatingOn ? 1 : 0;
            values[offset + 1] = Thermostat.SetpointCenti;
            return 3;
        }
    }
}
