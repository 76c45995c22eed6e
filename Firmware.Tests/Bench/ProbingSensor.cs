using Firmware.Ports;

namespace Firmware.Tests.Bench
{
    /// <summary>
    /// A sensor that probes the heap (<see cref="HeapProbe"/>) at its next measurement when asked: the moment inside a
    /// wake when the device loop is built and holds what it holds, which a caller outside the wake cannot see.
    /// </summary>
    public sealed class ProbingSensor : ISensor
    {
        private readonly ISensor _sensor;

        public ProbingSensor(ISensor sensor)
        {
            _sensor = sensor;
            LargestBlock = -1;
        }

        /// <summary>Probe at the next measurement.</summary>
        public bool ProbeNext { get; set; }

        /// <summary>What the last probe found, or -1.</summary>
        public int LargestBlock { get; private set; }

        public string Name
        {
            get { return _sensor.Name; }
        }

        public int ChannelCount
        {
            get { return _sensor.ChannelCount; }
        }

        public string Fault
        {
            get { return _sensor.Fault; }
        }

        public SensorChannel GetChannel(int index)
        {
            return _sensor.GetChannel(index);
        }

        public int Measure(int[] values, int offset)
        {
            if (ProbeNext)
            {
                ProbeNext = false;
                LargestBlock = HeapProbe.LargestBlock();
            }

            return _sensor.Measure(values, offset);
        }
    }
}
