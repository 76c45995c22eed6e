using Firmware.Device;
using Firmware.Readings;

namespace Firmware.Host.Tests.Storage.Support
{
    /// <summary>What was appended, as the log must give it back (times to the second, as stored).</summary>
    public sealed class ExpectedReading
    {
        public ExpectedReading(Reading reading)
        {
            Channels = reading.Values.Length;
            Values = (int[])reading.Values.Clone();
            ValidMask = reading.ValidMask;
            TimeKnown = reading.TimeKnown;
            UnixTime = reading.TimeKnown ? reading.UnixTimeMilliseconds / 1000 * 1000 : 0;
            SincePowerOn = !reading.TimeKnown && reading.SincePowerOnMilliseconds >= 0 ? reading.SincePowerOnMilliseconds / 1000 * 1000 : -1;
        }

        public int Channels { get; }

        public int[] Values { get; }

        public int ValidMask { get; }

        public bool TimeKnown { get; }

        public long UnixTime { get; }

        public long SincePowerOn { get; }

        /// <summary>Null when <paramref name="actual"/> is this reading, else what differs.</summary>
        public string Difference(Reading actual)
        {
            if (actual.TimeKnown != TimeKnown || actual.UnixTimeMilliseconds != UnixTime || actual.SincePowerOnMilliseconds != SincePowerOn)
            {
                return $"time {actual.TimeKnown}/{actual.UnixTimeMilliseconds}/{actual.SincePowerOnMilliseconds}, expected {TimeKnown}/{UnixTime}/{SincePowerOn}";
            }

            int mask = Channels >= 32 ? -1 : (1 << Channels) - 1;
            if ((actual.ValidMask & mask) != ValidMask || (actual.ValidMask & ~mask) != 0)
            {
                return $"validity 0x{actual.ValidMask:X}, expected 0x{ValidMask:X}";
            }

            for (int i = 0; i < Channels; i++)
            {
                if ((ValidMask & (1 << i)) != 0 && actual.Values[i] != Values[i])
                {
                    return $"channel {i} = {actual.Values[i]}, expected {Values[i]}";
                }
            }

            return null;
        }
    }
}
