namespace Firmware.Text
{
    /// <summary>
    /// Searches text char by char. string.IndexOf(string), StartsWith and EndsWith compare by culture on
    /// desktop .NET (with ICU, "\r\n".IndexOf("\n") is -1 and an ignorable character such as U+0000 matches
    /// everywhere) but ordinally on the device, so portable code searches with these instead and gets the
    /// same answer on both.
    /// </summary>
    public static class Ordinal
    {
        /// <summary>The first index of <paramref name="value"/> in <paramref name="text"/>, or -1.</summary>
        public static int IndexOf(string text, string value)
        {
            return IndexOf(text, value, 0);
        }

        /// <summary>
        /// The first index at or after <paramref name="startIndex"/> of <paramref name="value"/> in
        /// <paramref name="text"/>, or -1. An empty value is found at <paramref name="startIndex"/>.
        /// </summary>
        public static int IndexOf(string text, string value, int startIndex)
        {
            if (text == null)
            {
                throw new System.ArgumentNullException("text");
            }

            if (value == null)
            {
                throw new System.ArgumentNullException("value");
            }

            if (startIndex < 0 || startIndex > text.Length)
            {
                throw new System.ArgumentOutOfRangeException("startIndex", "startIndex must be within the text");
            }

            int last = text.Length - value.Length;
            for (int i = startIndex; i <= last; i++)
            {
                if (MatchesAt(text, value, i))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>True when <paramref name="text"/> begins with <paramref name="prefix"/>.</summary>
        public static bool StartsWith(string text, string prefix)
        {
            if (text == null)
            {
                throw new System.ArgumentNullException("text");
            }

            if (prefix == null)
            {
                throw new System.ArgumentNullException("prefix");
            }

            return prefix.Length <= text.Length && MatchesAt(text, prefix, 0);
        }

        private static bool MatchesAt(string text, string value, int index)
        {
            for (int j = 0; j < value.Length; j++)
            {
                char c = value[j];
                if (text[index + j] != c)
                {
                    return false;
                }

                if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // The device's indexer answers the high surrogate for both halves of a pair: compare whole code points.
                    int textUnits;
                    int valueUnits;
                    if (Utf8.CodePointAt(text, index + j, out textUnits) != Utf8.CodePointAt(value, j, out valueUnits) || textUnits != valueUnits)
                    {
                        return false;
                    }

                    j += valueUnits - 1;
                }
            }

            return true;
        }
    }
}
