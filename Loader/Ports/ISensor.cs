namespace Firmware.Ports
{
    /// <summary>
    /// A sensor with one or more channels (for example temperature, humidity, pressure).
    /// Values are fixed-point integers: the physical value is value × 10^<see cref="SensorChannel.Scale"/>,
    /// so the core never needs floating point and device and host format them identically.
    /// A channel that could not be measured is reported invalid; a driver never invents or repeats a value.
    /// </summary>
    public interface ISensor
    {
        /// <summary>Short identifier of the sensor, e.g. "bme280".</summary>
        string Name { get; }

        /// <summary>Number of channels; constant for the life of the object.</summary>
        int ChannelCount { get; }

        /// <summary>Describes channel <paramref name="index"/>; the same object on every call.</summary>
        SensorChannel GetChannel(int index);

        /// <summary>
        /// Takes one measurement and writes <see cref="ChannelCount"/> values into
        /// <paramref name="values"/> from <paramref name="offset"/>. Returns a bit mask: bit i set means
        /// channel i is valid. Invalid channels are written as 0. Must not allocate. Does not throw
        /// for sensor faults: those give a zero mask and a <see cref="Fault"/>.
        /// </summary>
        int Measure(int[] values, int offset);

        /// <summary>Why the last measurement had invalid channels, or null when all were valid.</summary>
        string Fault { get; }
    }
}
