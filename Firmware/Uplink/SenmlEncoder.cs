using Firmware.Readings;
using Firmware.Text;

namespace Firmware.Uplink
{
    /// <summary>
    /// Encodes readings as a SenML pack (RFC 8428, JSON). The first record holds the base name, the base time
    /// and the "epoch" of the log the readings come from (chosen at random when the log was formatted). One
    /// reading is a group of records that share a time: a "seq" record carrying its sequence number, then one
    /// record per valid channel; readings give their time relative to the base time. A receiver identifies a
    /// reading by its device, its pack's epoch and its seq: an erased log starts again at seq 1 under a new epoch.
    /// A reading whose time is unknown is never given a time: it goes in a pack of its own kind, without
    /// "bt" and "t", with a "time_unknown" record, so no receiver mistakes it for a timed value.
    /// Invalid channels are left out: a failed sensor is reported, never invented.
    /// </summary>
    public sealed class SenmlEncoder
    {
        private readonly ChannelTable _channels;
        private readonly string _baseName;
        private int _count;
        private bool _timed;
        private long _baseTime;

        /// <param name="baseName">SenML base name; record names are appended to it (e.g. "dev-1/").</param>
        public SenmlEncoder(ChannelTable channels, string baseName)
        {
            _channels = channels;
            _baseName = baseName;
        }

        /// <summary>The epoch of the log the pack's readings come from (<c>ReadingLog.Epoch</c>); set before <see cref="Begin"/>.</summary>
        public long Epoch { get; set; }

        /// <summary>Bytes of the pack's first record (base name, base time, epoch) as last written: a pack's overhead.</summary>
        public int HeaderBytes { get; private set; }

        /// <summary>Readings in the pack so far.</summary>
        public int Count
        {
            get { return _count; }
        }

        public void Begin(JsonWriter writer)
        {
            _count = 0;
            writer.BeginArray();
        }

        /// <summary>
        /// Adds a reading. Returns false, leaving the pack as it was, when it would not fit or when its
        /// time kind (known or unknown) differs from the pack's first reading.
        /// </summary>
        public bool Append(JsonWriter writer, Reading reading)
        {
            if (_count > 0 && reading.TimeKnown != _timed)
            {
                return false;
            }

            long mark = writer.Mark();
            bool first = _count == 0;
            if (first)
            {
                _timed = reading.TimeKnown;
                _baseTime = reading.UnixTimeMilliseconds;
            }

            long relative = reading.UnixTimeMilliseconds - _baseTime;
            if (first)
            {
                int start = writer.Length;
                writer.BeginObject();
                writer.Property("bn", _baseName);
                if (_timed)
                {
                    writer.Property("bt", _baseTime, -3);
                }

                writer.Property("n", "epoch");
                writer.Property("v", Epoch);
                writer.EndObject();
                HeaderBytes = writer.Length - start;
            }

            writer.BeginObject();
            WriteTime(writer, relative);
            writer.Property("n", "seq");
            writer.Property("v", reading.Sequence);
            writer.EndObject();

            if (!_timed)
            {
                writer.BeginObject();
                writer.Property("n", "time_unknown");
                writer.Property("vb", true);
                writer.EndObject();
            }

            for (int i = 0; i < _channels.Count; i++)
            {
                if (!reading.IsValid(i))
                {
                    continue;
                }

                Ports.SensorChannel channel = _channels.Get(i);
                writer.BeginObject();
                WriteTime(writer, relative);
                writer.Property("n", channel.Name);
                writer.Property("u", channel.Unit);
                writer.Property("v", reading.Values[i], channel.Scale);
                writer.EndObject();
            }

            // Keep room for the closing bracket, so a full pack still ends well-formed.
            if (writer.Overflowed || writer.Remaining < 1)
            {
                writer.Rewind(mark);
                return false;
            }

            _count++;
            return true;
        }

        /// <summary>Closes the pack; false when even the closing bracket did not fit.</summary>
        public bool End(JsonWriter writer)
        {
            writer.EndArray();
            return !writer.Overflowed;
        }

        private void WriteTime(JsonWriter writer, long relativeMilliseconds)
        {
            if (_timed && relativeMilliseconds != 0)
            {
                writer.Property("t", relativeMilliseconds, -3);
            }
        }
    }
}
