using Firmware.Readings;

namespace Firmware.Device
{
    /// <summary>
    /// The alarm rule: one channel outside configured limits (for example a temperature below 2 °C or above
    /// 35 °C). Only its onset forces a radio session, so a device stuck in alarm does not keep its radio on; the
    /// end of an alarm is reported with the next session. Limits are hundredths of the channel's unit.
    /// Allocation-free.
    /// </summary>
    public sealed class AlarmRule
    {
        private readonly int _channel;
        private readonly int _scale;
        private readonly int _belowCenti;
        private readonly int _aboveCenti;

        public AlarmRule(ChannelTable channels, DeviceConfig config)
        {
            _channel = -1;
            _belowCenti = config.AlarmBelowCenti;
            _aboveCenti = config.AlarmAboveCenti;
            if (_belowCenti == DeviceConfig.NoLimit && _aboveCenti == DeviceConfig.NoLimit)
            {
                return;
            }

            for (int i = 0; i < channels.Count; i++)
            {
                if (channels.Get(i).Name == config.AlarmChannel)
                {
                    _channel = i;
                    _scale = channels.Get(i).Scale;
                    break;
                }
            }

            Channel = config.AlarmChannel;
        }

        /// <summary>True when limits are set and the board has the channel.</summary>
        public bool IsEnabled
        {
            get { return _channel >= 0; }
        }

        /// <summary>The channel watched, or null when the rule is off.</summary>
        public string Channel { get; private set; }

        /// <summary>The last value checked, in hundredths of the channel's unit.</summary>
        public long LastCenti { get; private set; }

        /// <summary>
        /// True when <paramref name="reading"/> is outside the limits. An invalid channel is not an alarm (a failed
        /// sensor is reported as such, never read as a temperature).
        /// </summary>
        public bool Check(Reading reading)
        {
            if (_channel < 0 || !reading.IsValid(_channel))
            {
                return false;
            }

            long value = reading.Values[_channel];
            int shift = _scale + 2;
            while (shift > 0)
            {
                value *= 10;
                shift--;
            }

            while (shift < 0)
            {
                value /= 10;
                shift++;
            }

            LastCenti = value;
            return (_belowCenti != DeviceConfig.NoLimit && value < _belowCenti) || (_aboveCenti != DeviceConfig.NoLimit && value > _aboveCenti);
        }
    }
}
