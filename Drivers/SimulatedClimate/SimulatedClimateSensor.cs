using Firmware.Ports;

namespace Firmware.Drivers.SimulatedClimate
{
    /// <summary>
    /// A simulated temperature, humidity and pressure sensor: a daily sine around chosen means plus a
    /// little deterministic noise, driven by the device's clock. It lets the host twin (or a board with
    /// no sensor fitted, for a demonstration) run the whole firmware. Integer arithmetic only, and no
    /// allocation per measurement, like a real driver.
    /// </summary>
    public sealed class SimulatedClimateSensor : ISensor
    {
        private const long DayMilliseconds = 86400000L;

        // sin(2πi/64) × 10000.
        private static readonly short[] Sine =
        {
            0, 980, 1951, 2903, 3827, 4714, 5556, 6344, 7071, 7730, 8315, 8819, 9239, 9569, 9808, 9952,
            10000, 9952, 9808, 9569, 9239, 8819, 8315, 7730, 7071, 6344, 5556, 4714, 3827, 2903, 1951, 980,
            0, -980, -1951, -2903, -3827, -4714, -5556, -6344, -7071, -7730, -8315, -8819, -9239, -9569, -9808, -9952,
            -10000, -9952, -9808, -9569, -9239, -8819, -8315, -7730, -7071, -6344, -5556, -4714, -3827, -2903, -1951, -980,
        };

        private readonly IClock _clock;
        private readonly SensorChannel[] _channels;
        private uint _noise;

        /// <param name="clock">Drives the daily cycle (wall time when known, else uptime).</param>
        /// <param name="seed">Seeds the noise, so runs repeat.</param>
        public SimulatedClimateSensor(IClock clock, int seed)
        {
            _clock = clock;
            _noise = (uint)seed | 1u;
            _channels = new SensorChannel[]
            {
                new SensorChannel("temperature", "Cel", -2),
                new SensorChannel("humidity", "%RH", -1),
                new SensorChannel("pressure", "Pa", 0),
            };
            MeanTemperatureCenti = 2100;
            SwingTemperatureCenti = 300;
        }

        /// <summary>Daily mean temperature in hundredths of a degree Celsius.</summary>
        public int MeanTemperatureCenti { get; set; }

        /// <summary>Half the daily peak-to-peak swing, in hundredths of a degree.</summary>
        public int SwingTemperatureCenti { get; set; }

        /// <summary>When set, every measurement fails with this fault (to exercise fault paths).</summary>
        public string InjectedFault { get; set; }

        /// <summary>Measurements taken, for the twin's report.</summary>
        public int MeasurementCount { get; private set; }

        public string Name
        {
            get { return "simulated-climate"; }
        }

        public int ChannelCount
        {
            get { return _channels.Length; }
        }

        public string Fault { get; private set; }

        public SensorChannel GetChannel(int index)
        {
            return _channels[index];
        }

        public int Measure(int[] values, int offset)
        {
            MeasurementCount++;
            if (InjectedFault != null)
            {
                Fault = InjectedFault;
                values[offset] = 0;
                values[offset + 1] = 0;
                values[offset + 2] = 0;
                return 0;
            }

            long now = _clock.IsWallTimeKnown ? _clock.UnixTimeMilliseconds : _clock.UptimeMilliseconds;
            long phase = now % DayMilliseconds;
            if (phase < 0)
            {
                phase += DayMilliseconds;
            }

            // Peak in the afternoon: shift the sine a quarter day.
            int index = (int)((phase * 64 / DayMilliseconds) + 48) % 64;
            int sine = Sine[index];

            values[offset] = MeanTemperatureCenti + (SwingTemperatureCenti * sine / 10000) + Jitter(20);
            values[offset + 1] = 450 - (100 * sine / 10000) + Jitter(5);
            values[offset + 2] = 101325 + Jitter(30);
            Fault = null;
            return 0x7;
        }

        // A value in [-range, range] from a xorshift generator.
        private int Jitter(int range)
        {
            _noise ^= _noise << 13;
            _noise ^= _noise >> 17;
            _noise ^= _noise << 5;
            return (int)(_noise % (uint)((2 * range) + 1)) - range;
        }
    }
}
