namespace Firmware.Tests.Fakes
{
    /// <summary>
    /// UTF-8 and an ordinal search for the fakes, which depend on the loader alone (a boot test loads the firmware's
    /// own text code from a bundle, so the fakes cannot use it). Written independently of Firmware.Text: what a
    /// fake decodes is a second reading of what the firmware encoded.
    /// </summary>
    public static class TestText
    {
        /// <summary>UTF-8 bytes of <paramref name="text"/>; a lone surrogate becomes U+FFFD.</summary>
        public static byte[] Encode(string text)
        {
            // The chars, not the indexer: on the device the indexer answers the high surrogate for both halves of a pair.
            char[] units = text.ToCharArray();
            byte[] buffer = new byte[units.Length * 3];
            int n = 0;
            for (int i = 0; i < units.Length; i++)
            {
                int c = units[i];
                if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units.Length && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF)
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + (units[i + 1] - 0xDC00);
                    i++;
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    c = 0xFFFD;
                }

                if (c < 0x80)
                {
                    buffer[n++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    buffer[n++] = (byte)(0xC0 | (c >> 6));
                    buffer[n++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (c < 0x10000)
                {
                    buffer[n++] = (byte)(0xE0 | (c >> 12));
                    buffer[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    buffer[n++] = (byte)(0x80 | (c & 0x3F));
                }
                else
                {
                    buffer[n++] = (byte)(0xF0 | (c >> 18));
                    buffer[n++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                    buffer[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    buffer[n++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            byte[] bytes = new byte[n];
            System.Array.Copy(buffer, bytes, n);
            return bytes;
        }

        /// <summary>The text of well-formed UTF-8; a byte that does not start or continue a sequence becomes U+FFFD.</summary>
        public static string Decode(byte[] bytes, int offset, int count)
        {
            char[] chars = new char[count * 2];
            int n = 0;
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                int b = bytes[i];
                int length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
                int c = length == 1 ? b : length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07;
                bool ok = length > 0 && i + length <= end;
                for (int k = 1; ok && k < length; k++)
                {
                    ok = (bytes[i + k] & 0xC0) == 0x80;
                    c = (c << 6) | (bytes[i + k] & 0x3F);
                }

                if (!ok || c == 0)
                {
                    chars[n++] = '\uFFFD';
                    i++;
                    continue;
                }

                if (c >= 0x10000)
                {
                    c -= 0x10000;
                    chars[n++] = (char)(0xD800 + (c >> 10));
                    chars[n++] = (char)(0xDC00 + (c & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)c;
                }

                i += length;
            }

            return new string(chars, 0, n);
        }

        /// <summary>Index of the first ordinal occurrence of <paramref name="value"/> in <paramref name="text"/>, or -1.</summary>
        public static int IndexOf(string text, string value)
        {
            return IndexOf(text, value, 0);
        }

        /// <summary>Index of the first ordinal occurrence of <paramref name="value"/> at or after <paramref name="start"/>, or -1.</summary>
        public static int IndexOf(string text, string value, int start)
        {
            for (int i = start; i + value.Length <= text.Length; i++)
            {
                int k = 0;
                while (k < value.Length && text[i + k] == value[k])
                {
                    k++;
                }

                if (k == value.Length)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
