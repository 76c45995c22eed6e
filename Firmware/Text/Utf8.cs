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
                int units;
                count += ByteCount(CodePointAt(text, i, out units));
                i += units - 1;
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
                int units;
                p = EncodeCodePoint(CodePointAt(text, i, out units), buffer, p, limit);
                if (p < 0)
                {
                    return -1;
                }

                i += units - 1;
            }

            return p;
        }

        /// <summary>
        /// The code point that starts at <paramref name="index"/> and how many chars it takes (2 for a surrogate
        /// pair, else 1); a lone surrogate is U+FFFD. On nanoCLR 1.x the string indexer answers the high surrogate
        /// for both halves of a pair (its strings are UTF-8 inside), so the pair is read with ToCharArray, which is
        /// right on both runtimes; that allocates two chars, and only for text beyond the Basic Multilingual Plane.
        /// </summary>
        public static int CodePointAt(string text, int index, out int units)
        {
            units = 1;
            int c = text[index];
            if (c < 0xD800 || c > 0xDFFF)
            {
                return c;
            }

            if (c <= 0xDBFF && index + 1 < text.Length)
            {
                char[] pair = text.ToCharArray(index, 2);
                if (pair[1] >= 0xDC00 && pair[1] <= 0xDFFF)
                {
                    units = 2;
                    return 0x10000 + ((pair[0] - 0xD800) << 10) + (pair[1] - 0xDC00);
                }
            }

            return Replacement;
        }

        /// <summary>Bytes the UTF-8 form of a code point takes (1 to 4).</summary>
        public static int ByteCount(int codePoint)
        {
            return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
        }

        /// <summary>
        /// Encodes one code point (not a surrogate) at <paramref name="position"/>. Returns the position after it,
        /// or -1 when it does not fit before <paramref name="limit"/>.
        /// </summary>
        public static int EncodeCodePoint(int c, byte[] buffer, int position, int limit)
        {
            int p = position;
            int length = ByteCount(c);
            if (p + length > limit)
            {
                return -1;
            }

            if (length == 1)
            {
                buffer[p++] = (byte)c;
            }
            else if (length == 2)
            {
                buffer[p++] = (byte)(0xC0 | (c >> 6));
                buffer[p++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (length == 3)
            {
                buffer[p++] = (byte)(0xE0 | (c >> 12));
                buffer[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[p++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                buffer[p++] = (byte)(0xF0 | (c >> 18));
                buffer[p++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                buffer[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[p++] = (byte)(0x80 | (c & 0x3F));
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
    }
}
