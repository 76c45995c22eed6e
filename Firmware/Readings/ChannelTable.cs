using Firmware.Ports;

namespace Firmware.Readings
{
    /// <summary>
    /// The channels of all sensors, concatenated in sensor order: what position i of a
    /// <see cref="Reading"/> means. Built once at start.
    /// </summary>
    public sealed class ChannelTable
    {
        private readonly SensorChannel[] _channels;

        public ChannelTable(ISensor[] sensors)
        {
            int count = 0;
            for (int s = 0; s < sensors.Length; s++)
            {
                count += sensors[s].ChannelCount;
            }

            if (count > Reading.MaxChannels)
            {
                throw new System.ArgumentException("the sensors have more than 32 channels together");
            }

            _channels = new SensorChannel[count];
            int i = 0;
            for (int s = 0; s < sensors.Length; s++)
            {
                for (int c = 0; c < sensors[s].ChannelCount; c++)
                {
                    _channels[i++] = sensors[s].GetChannel(c);
                }
            }
        }

        public int Count
        {
            get { return _channels.Length; }
        }

        public SensorChannel Get(int index)
        {
            return _channels[index];
        }
    }
}
