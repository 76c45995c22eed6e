namespace Firmware.Text
{
    /// <summary>What a JSON value is, in words, for messages that say why a value was refused ("not a string").</summary>
    public static class JsonTokenText
    {
        /// <summary>"a string", "a number", "a boolean", "null", "an object", "an array", or "that value".</summary>
        public static string Describe(JsonToken token)
        {
            switch (token)
            {
                case JsonToken.String:
                    return "a string";
                case JsonToken.Number:
                    return "a number";
                case JsonToken.True:
                case JsonToken.False:
                    return "a boolean";
                case JsonToken.Null:
                    return "null";
                case JsonToken.StartObject:
                    return "an object";
                case JsonToken.StartArray:
                    return "an array";
                default:
                    return "that value";
            }
        }
    }
}
