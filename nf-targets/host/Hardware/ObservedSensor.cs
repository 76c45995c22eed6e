using System;
using Firmware.Ports;

namespace Firmware.Host.Hardware
{
    /// <summary>A sensor as the firmware sees it, with its measurements counted and reported to the host (a rig's records).</summary>
    public sealed class ObservedSensor : ISensor
    {
        private readonly ISensor _inner;
        private readonly Action _measured;

        public ObservedSensor(ISensor inner, Action measured = null)
        {
            _inner = inner;
            _measured = measured;
        }

        /// <summary>Measurements the firmware took.</summary>
        public int Measurements { get; private set; }

        public string Name => _inner.Name;

        public int ChannelCount => _inner.ChannelCount;

        public string Fault => _inner.Fault;

        public SensorChannel GetChannel(int index) => _inner.GetChannel(index);

        public int Measure(int[] values, int offset)
        {
            Measurements++;
            _measured?.Invoke();
            return _inner.Measure(values, offset);
        }
    }
}
