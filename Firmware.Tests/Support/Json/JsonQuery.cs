using Firmware.Tests.Fakes;
using Firmware.Text;

namespace Firmware.Tests.Json
{
    /// <summary>
    /// Reads one value out of a JSON document by a path of member names ("cmps/temperature/dev_cla"), with the firmware's
    /// own strict reader, so device tests can check a payload field by field: a string's text, a number or literal as
    /// JSON ("0.1", "true", "null"), "{}" for an object and "[]" for an array; null when the path is not there. A
    /// document that is not valid JSON throws.
    /// </summary>
    public static class JsonQuery
    {
        public static string Value(string json, string path)
        {
            JsonReader reader = Open(json);
            return Find(reader, path.Split('/'), 0) ? Describe(reader) : null;
        }

        /// <summary>The member names of the object at <paramref name="path"/> ("" for the document), comma-separated in order.</summary>
        public static string Names(string json, string path)
        {
            return List(json, path, true);
        }

        /// <summary>The values of the array at <paramref name="path"/>, comma-separated (see <see cref="Value"/>).</summary>
        public static string Items(string json, string path)
        {
            return List(json, path, false);
        }

        private static string List(string json, string path, bool names)
        {
            JsonReader reader = Open(json);
            if (path.Length > 0 && !Find(reader, path.Split('/'), 0))
            {
                return null;
            }

            int depth = reader.Depth;
            string list = null;
            while (reader.Read() && reader.Depth >= depth)
            {
                if ((reader.Token == JsonToken.EndObject || reader.Token == JsonToken.EndArray) && reader.Depth == depth - 1)
                {
                    break;
                }

                string item;
                if (names)
                {
                    item = reader.GetString();
                    reader.Skip();
                }
                else
                {
                    item = Describe(reader);
                    if (reader.Token == JsonToken.StartObject || reader.Token == JsonToken.StartArray)
                    {
                        reader.Skip();
                    }
                }

                list = list == null ? item : list + "," + item;
            }

            return list == null ? string.Empty : list;
        }

        private static JsonReader Open(string json)
        {
            byte[] bytes = TestText.Encode(json);
            JsonReader reader = new JsonReader(16);
            reader.Reset(bytes, 0, bytes.Length);
            if (!reader.Read())
            {
                throw new System.ArgumentException("not JSON: " + reader.Error);
            }

            JsonReader check = new JsonReader(16);
            check.Reset(bytes, 0, bytes.Length);
            while (check.Read())
            {
            }

            if (check.Token != JsonToken.EndOfInput)
            {
                throw new System.ArgumentException("not JSON: " + check.Error);
            }

            return reader;
        }

        // On the start of an object: moves to the value of the member path[index..]; true when found.
        private static bool Find(JsonReader reader, string[] path, int index)
        {
            if (index == path.Length)
            {
                return true;
            }

            if (reader.Token != JsonToken.StartObject)
            {
                return false;
            }

            int depth = reader.Depth;
            while (reader.Read())
            {
                if (reader.Token == JsonToken.EndObject && reader.Depth == depth - 1)
                {
                    return false;
                }

                bool match = reader.GetString() == path[index];
                if (!reader.Read())
                {
                    return false;
                }

                if (match)
                {
                    return Find(reader, path, index + 1);
                }

                if ((reader.Token == JsonToken.StartObject || reader.Token == JsonToken.StartArray) && !reader.Skip())
                {
                    return false;
                }
            }

            return false;
        }

        private static string Describe(JsonReader reader)
        {
            long mantissa;
            int exponent;
            switch (reader.Token)
            {
                case JsonToken.String:
                    return reader.GetString();
                case JsonToken.Number:
                    reader.TryGetDecimal(out mantissa, out exponent);
                    return FixedPoint.Format(mantissa, exponent);
                case JsonToken.True:
                    return "true";
                case JsonToken.False:
                    return "false";
                case JsonToken.Null:
                    return "null";
                case JsonToken.StartObject:
                    return "{}";
                case JsonToken.StartArray:
                    return "[]";
                default:
                    return null;
            }
        }
    }
}
