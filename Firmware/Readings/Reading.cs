namespace Firmware.Readings
{
    /// <summary>
    /// One sample of every sensor channel, as fixed-point integers. Allocated once and refilled on every
    /// sample, so the per-sample path allocates nothing.
    /// </summary>
    public sealed class Reading
    {
        /// <summary>Most channels one reading can carry: validity is one bit per channel in an int.</summary>
        public const int MaxChannels = 32;

        public Reading(int channelCount)
        {
            if (channelCount < 0 || channelCount > MaxChannels)
            {
                throw new System.ArgumentOutOfRangeException("channelCount", "a reading holds 0 to 32 channels");
            }

            Values = new int[channelCount];
        }

        /// <summary>Monotonic sequence number; a receiver de-duplicates by it.</summary>
        public long Sequence { get; set; }

        /// <summary>Unix time in milliseconds when the sample was taken; meaningful when <see cref="TimeKnown"/>.</summary>
        public long UnixTimeMilliseconds { get; set; }

        /// <summary>False when the clock was not set when the sample was taken (never publish a wrong time).</summary>
        public bool TimeKnown { get; set; }

        /// <summary>
        /// When <see cref="TimeKnown"/> is false: milliseconds since the power-on the sample was taken in (the RTC's
        /// count), so the reading can be given its wall time once the clock is set; -1 when not even that is known.
        /// </summary>
        public long SincePowerOnMilliseconds { get; set; }

        /// <summary>Channel values, in the order of the <see cref="ChannelTable"/>.</summary>
        public int[] Values { get; private set; }

        /// <summary>Bit i set: channel i holds a measured value.</summary>
        public int ValidMask { get; set; }

        public bool IsValid(int channel)
        {
            return (ValidMask & (1 << channel)) != 0;
        }

        public void CopyFrom(Reading other)
        {
            Sequence = other.Sequence;
            UnixTimeMilliseconds = other.UnixTimeMilliseconds;
            TimeKnown = other.TimeKnown;
            SincePowerOnMilliseconds = other.SincePowerOnMilliseconds;
            ValidMask = other.ValidMask;
            System.Array.Copy(other.Values, Values, Values.Length);
        }
    }
}
