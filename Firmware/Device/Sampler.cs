using Firmware.Ports;
using Firmware.Readings;

namespace Firmware.Device
{
    /// <summary>
    /// Measures every sensor into a <see cref="Reading"/>. A sensor that fails gives invalid channels and
    /// its fault; a sensor that throws is a driver bug, caught here so one sensor cannot stop the loop.
    /// A gas sensor (one whose channels are all gas resistances, unit <see cref="GasResistanceUnit"/>: a heated
    /// conversion, by far the largest sensor cost) is measured only while <see cref="GasReadingsAllowed"/>, and the
    /// time it takes is kept apart for the energy ledger's heater phase.
    /// </summary>
    public sealed class Sampler
    {
        /// <summary>The SenML unit of a gas resistance (RFC 8428: "Ohm").</summary>
        public const string GasResistanceUnit = "Ohm";

        private readonly ISensor[] _sensors;
        private readonly bool[] _gas;
        private readonly IClock _clock;
        private readonly ILog _log;

        public Sampler(ISensor[] sensors, IClock clock, ILog log)
        {
            _sensors = sensors;
            _clock = clock;
            _log = log;
            Channels = new ChannelTable(sensors);
            _gas = new bool[sensors.Length];
            GasReadingsAllowed = true;
            for (int s = 0; s < sensors.Length; s++)
            {
                _gas[s] = IsGasSensor(sensors[s]);
                HasGasSensor |= _gas[s];
            }
        }

        public ChannelTable Channels { get; private set; }

        /// <summary>Number of sensors whose last measurement had an invalid channel.</summary>
        public int FaultCount { get; private set; }

        /// <summary>True when one of the sensors is a gas sensor.</summary>
        public bool HasGasSensor { get; private set; }

        /// <summary>Gas sensors are measured (true) or left out, their channels invalid and no fault (the plan's choice on a low battery).</summary>
        public bool GasReadingsAllowed { get; set; }

        /// <summary>Time the gas sensors took in the last <see cref="Measure"/>, ms (their heater's, for the ledger).</summary>
        public long GasMilliseconds { get; private set; }

        /// <summary>Gas readings left out because they were not allowed.</summary>
        public int GasReadingsSkipped { get; private set; }

        /// <summary>True for a sensor whose every channel is a gas resistance.</summary>
        public static bool IsGasSensor(ISensor sensor)
        {
            int count = sensor.ChannelCount;
            for (int c = 0; c < count; c++)
            {
                if (sensor.GetChannel(c).Unit != GasResistanceUnit)
                {
                    return false;
                }
            }

            return count > 0;
        }

        /// <summary>Fills <paramref name="reading"/> (values, validity, time); the sequence is the caller's.</summary>
        public void Measure(Reading reading)
        {
            reading.TimeKnown = _clock.IsWallTimeKnown;
            reading.UnixTimeMilliseconds = reading.TimeKnown ? _clock.UnixTimeMilliseconds : 0;
            reading.SincePowerOnMilliseconds = reading.TimeKnown ? -1 : _clock.SincePowerOnMilliseconds;
            int mask = 0;
            int offset = 0;
            FaultCount = 0;
            GasMilliseconds = 0;
            for (int s = 0; s < _sensors.Length; s++)
            {
                ISensor sensor = _sensors[s];
                int count = sensor.ChannelCount;
                if (_gas[s] && !GasReadingsAllowed)
                {
                    // Not measured: its channels are invalid, which is the plan's choice and no fault.
                    System.Array.Clear(reading.Values, offset, count);
                    GasReadingsSkipped++;
                    offset += count;
                    continue;
                }

                long started = _gas[s] ? _clock.UptimeMilliseconds : 0;
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

                if (_gas[s])
                {
                    GasMilliseconds += _clock.UptimeMilliseconds - started;
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
