namespace Firmware.Text
{
    /// <summary>
    /// UTF-8 encoding and decoding of our own: nanoFramework's mscorlib has no System.Text.Encoding, and
    /// code of ours behaves the same on the device and on the host. Malformed input decodes to U+FFFD
    /// rather than throwing, so a bad payload is reported, never crashes the loop.
    /// </summary>
    public static class Utf8
    {
        private const char Replacement = '\uFFFD';

        /// <summary>Bytes needed to encode <paramref name="text"/>.</summary>
        public static int GetByteCount(string text)
        {
            int count = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    count += 1;
                }
                else if (c < 0x800)
                {
                    count += 2;
                }
                else if (IsHighSurrogate(c) && i + 1 < text.Length && IsLowSurrogate(text[i + 1]))
                {
                    count += 4;
                    i++;
                }
                else
                {
                    count += 3;
                }
            }

            return count;
        }

        /// <summary>
        /// Encodes <paramref name="text"/> at <paramref name="position"/>. Returns the position after it,
        /// or -1 when it does not fit before <paramref name="limit"/>. A lone surrogate becomes U+FFFD.
        /// </summary>
        public static int Encode(string text, byte[] buffer, int position, int limit)
        {
            int p = position;
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (IsHighSurrogate((char)c) && i + 1 < text.Length && IsLowSurrogate(text[i + 1]))
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                    i++;
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    c = Replacement;
                }

                if (c < 0x80)
                {
                    if (p + 1 > limit)
                    {
                        return -1;
                    }

                    buffer[p++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    if (p + 2 > limit)
                    {
                        return -1;
                    }

                    buffer[p++] = (byte)(0xC0 | (c >> 6));
                    buffer[p++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (c < 0x10000)
                {
                    if (p + 3 > limit)
                    {
                        return -1;
                    }

                    buffer[p++] = (byte)(0xE0 | (c >> 12));
                    buffer[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    buffer[p++] = (byte)(0x80 | (c & 0x3F));
                }
                else
                {
                    if (p + 4 > limit)
                    {
                        return -1;
                    }

                    buffer[p++] = (byte)(0xF0 | (c >> 18));
                    buffer[p++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                    buffer[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    buffer[p++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            return p;
        }

        /// <summary>Encodes a whole string into a new array (allocates; not for per-sample paths).</summary>
        public static byte[] GetBytes(string text)
        {
            byte[] bytes = new byte[GetByteCount(text)];
            Encode(text, bytes, 0, bytes.Length);
            return bytes;
        }

        /// <summary>
        /// Decodes UTF-8. Each maximal ill-formed subpart (overlong forms, surrogates, truncated or invalid
        /// sequences) becomes one U+FFFD, as the Unicode Standard recommends (section 3.9) and as other
        /// decoders do, so the device and a receiver read the same text. U+0000 becomes U+FFFD too: the
        /// device keeps strings NUL-terminated, so a NUL would silently cut the text short there and not on
        /// desktop .NET.
        /// </summary>
        public static string Decode(byte[] buffer, int offset, int count)
        {
            char[] chars = new char[count];
            int n = 0;
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                int b = buffer[i];
                if (b < 0x80)
                {
                    chars[n++] = b == 0 ? Replacement : (char)b;
                    i++;
                    continue;
                }

                // Table 3-7 of the Unicode Standard: the sequence's length and its second byte's range.
                int length;
                int code;
                int low = 0x80;
                int high = 0xBF;
                if (b >= 0xC2 && b <= 0xDF)
                {
                    length = 2;
                    code = b & 0x1F;
                }
                else if (b >= 0xE0 && b <= 0xEF)
                {
                    length = 3;
                    code = b & 0x0F;
                    low = b == 0xE0 ? 0xA0 : 0x80;
                    high = b == 0xED ? 0x9F : 0xBF;
                }
                else if (b >= 0xF0 && b <= 0xF4)
                {
                    length = 4;
                    code = b & 0x07;
                    low = b == 0xF0 ? 0x90 : 0x80;
                    high = b == 0xF4 ? 0x8F : 0xBF;
                }
                else
                {
                    chars[n++] = Replacement;
                    i++;
                    continue;
                }

                int j = 1;
                while (j < length && i + j < end)
                {
                    int next = buffer[i + j];
                    bool inRange = j == 1 ? next >= low && next <= high : (next & 0xC0) == 0x80;
                    if (!inRange)
                    {
                        break;
                    }

                    code = (code << 6) | (next & 0x3F);
                    j++;
                }

                i += j;
                if (j < length)
                {
                    chars[n++] = Replacement;
                    continue;
                }

                if (code >= 0x10000)
                {
                    code -= 0x10000;
                    chars[n++] = (char)(0xD800 + (code >> 10));
                    chars[n++] = (char)(0xDC00 + (code & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)code;
                }
            }

            return new string(chars, 0, n);
        }

        private static bool IsHighSurrogate(char c)
        {
            return c >= 0xD800 && c <= 0xDBFF;
        }

        private static bool IsLowSurrogate(char c)
        {
            return c >= 0xDC00 && c <= 0xDFFF;
        }
    }
}
