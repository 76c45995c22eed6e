using Firmware.Text;

namespace Firmware.Uplink
{
    /// <summary>
    /// The envelope of a one-shot command (reboot, full status, factory reset): a JSON object with an "id"
    /// (1 to 64 printable ASCII characters, unique per command), an "expires" time (Unix seconds) after which
    /// it must not run, and optionally the "device" it is meant for. Strict: malformed JSON, a missing field, a
    /// wrong type or any other key is a specific error.
    /// </summary>
    public sealed class OneShotCommand
    {
        private readonly JsonReader _reader = new JsonReader(4);

        public string Id { get; private set; }

        /// <summary>Unix time in seconds after which the command must not run.</summary>
        public long ExpiresSeconds { get; private set; }

        /// <summary>The device named in the command, or null.</summary>
        public string TargetDevice { get; private set; }

        /// <summary>Why the last <see cref="Parse"/> failed, or null.</summary>
        public string Error { get; private set; }

        public bool Parse(byte[] json, int offset, int count)
        {
            Id = null;
            ExpiresSeconds = -1;
            TargetDevice = null;
            Error = null;
            _reader.Reset(json, offset, count);
            if (!_reader.Read() || _reader.Token != JsonToken.StartObject)
            {
                return Fail(_reader.Error != null ? "not valid JSON: " + _reader.Error
                    : "a one-shot command must be a JSON object like {\"id\":\"r-17\",\"expires\":1767225600}");
            }

            while (_reader.Read())
            {
                if (_reader.Token == JsonToken.EndObject && _reader.Depth == 0)
                {
                    break;
                }

                string key = _reader.GetString();
                if (!_reader.Read())
                {
                    return Fail("not valid JSON: " + _reader.Error);
                }

                string problem = ReadKey(key);
                if (problem != null)
                {
                    return Fail(problem);
                }
            }

            if (_reader.Token == JsonToken.Invalid)
            {
                return Fail("not valid JSON: " + _reader.Error);
            }

            _reader.Read();
            if (_reader.Token != JsonToken.EndOfInput)
            {
                return Fail(_reader.Error != null ? "not valid JSON: " + _reader.Error : "unexpected data after the command");
            }

            if (Id == null)
            {
                return Fail("a one-shot command needs an \"id\"");
            }

            if (ExpiresSeconds < 0)
            {
                return Fail("a one-shot command needs \"expires\" (Unix time in seconds)");
            }

            return true;
        }

        private string ReadKey(string key)
        {
            if (key == "id")
            {
                if (Id != null || _reader.Token != JsonToken.String)
                {
                    return Id != null ? "\"id\" appears more than once" : "id must be a string";
                }

                string id = _reader.GetString();
                if (id.Length < 1 || id.Length > 64)
                {
                    return "id must be 1 to 64 characters";
                }

                for (int i = 0; i < id.Length; i++)
                {
                    if (id[i] < 0x21 || id[i] > 0x7E)
                    {
                        return "id must be printable ASCII without spaces";
                    }
                }

                Id = id;
                return null;
            }

            if (key == "expires")
            {
                long value;
                if (ExpiresSeconds >= 0 || _reader.Token != JsonToken.Number || !_reader.TryGetInt64(out value) || value < 0 || value > 0xFFFFFFFFFL)
                {
                    return ExpiresSeconds >= 0 ? "\"expires\" appears more than once" : "expires must be a whole number of seconds since 1970";
                }

                ExpiresSeconds = value;
                return null;
            }

            if (key == "device")
            {
                if (TargetDevice != null || _reader.Token != JsonToken.String)
                {
                    return TargetDevice != null ? "\"device\" appears more than once" : "device must be a string";
                }

                TargetDevice = _reader.GetString();
                return null;
            }

            return "unknown field '" + Shorten(key) + "' in a one-shot command (known: id, expires, device)";
        }

        /// <summary>A user's text quoted in a message, at most 40 characters.</summary>
        public static string Shorten(string text)
        {
            return text.Length <= 40 ? text : text.Substring(0, 40) + "...";
        }

        private bool Fail(string message)
        {
            Error = message;
            return false;
        }
    }
}
