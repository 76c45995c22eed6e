using Firmware.Text;

namespace Firmware.Readings
{
    /// <summary>A reading as one human-readable line, for logs (allocates; only when the log level is on).</summary>
    public static class ReadingText
    {
        public static string Describe(Reading reading, ChannelTable channels)
        {
            string text = "#" + reading.Sequence.ToString();
            for (int i = 0; i < channels.Count; i++)
            {
                Ports.SensorChannel channel = channels.Get(i);
                text += " " + channel.Name + "=";
                text += reading.IsValid(i) ? FixedPoint.Format(reading.Values[i], channel.Scale) + " " + channel.Unit : "invalid";
            }

            if (!reading.TimeKnown)
            {
                text += " (time unknown)";
            }

            return text;
        }
    }
}
