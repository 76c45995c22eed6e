using Firmware.Ports;
using Firmware.Readings;

namespace Firmware.Device
{
    /// <summary>
    /// Measures every sensor into a <see cref="Reading"/>. A sensor that fails gives invalid channels and
    /// its fault; a sensor that throws is a driver bug, caught here so one sensor cannot stop the loop.
    /// </summary>
    public sealed class Sampler
    {
        private readonly ISensor[] _sensors;
        private readonly IClock _clock;
        private readonly ILog _log;

        public Sampler(ISensor[] sensors, IClock clock, ILog log)
        {
            _sensors = sensors;
            _clock = clock;
            _log = log;
            Channels = new ChannelTable(sensors);
        }

        public ChannelTable Channels { get; private set; }

        /// <summary>Number of sensors whose last measurement had an invalid channel.</summary>
        public int FaultCount { get; private set; }

        /// <summary>Fills <paramref name="reading"/> (values, validity, time); the sequence is the caller's.</summary>
        public void Measure(Reading reading)
        {
            reading.TimeKnown = _clock.IsWallTimeKnown;
            reading.UnixTimeMilliseconds = reading.TimeKnown ? _clock.UnixTimeMilliseconds : 0;
            reading.SincePowerOnMilliseconds = reading.TimeKnown ? -1 : _clock.SincePowerOnMilliseconds;
            int mask = 0;
            int offset = 0;
            FaultCount = 0;
            for (int s = 0; s < _sensors.Length; s++)
            {
                ISensor sensor = _sensors[s];
                int count = sensor.ChannelCount;
                int sensorMask;
                try
                {
                    sensorMask = sensor.Measure(reading.Values, offset);
                }
                catch (System.Exception e)
                {
                    sensorMask = 0;
                    System.Array.Clear(reading.Values, offset, count);
                    _log.Write(LogLevel.Error, "sampler", "sensor " + sensor.Name + " threw: " + e.Message);
                }

                int all = count == 32 ? -1 : (1 << count) - 1;
                if ((sensorMask & all) != all)
                {
                    FaultCount++;
                    if (_log.IsEnabled(LogLevel.Warning))
                    {
                        _log.Write(LogLevel.Warning, "sampler", "sensor " + sensor.Name + ": " + sensor.Fault);
                    }
                }

                mask |= (sensorMask & all) << offset;
                offset += count;
            }

            reading.ValidMask = mask;
        }
    }
}
