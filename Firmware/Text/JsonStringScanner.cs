namespace Firmware.Text
{
    /// <summary>
    /// Finds the end of a JSON string and checks its content without decoding it: no control character, well-formed
    /// UTF-8 (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), and only the escapes RFC 8259
    /// allows, each complete. <see cref="JsonEscapes"/> decodes what it accepted.
    /// </summary>
    public static class JsonStringScanner
    {
        /// <summary>
        /// Scans the string whose opening quote is at <paramref name="quote"/>, within the bytes before
        /// <paramref name="end"/>. Returns null when it is valid (<paramref name="stop"/> is its closing quote), or why
        /// not (<paramref name="stop"/> is where the fault is). <paramref name="escapes"/> says whether the content holds
        /// an escape.
        /// </summary>
        public static string Scan(byte[] buffer, int quote, int end, out int stop, out bool escapes)
        {
            int p = quote + 1;
            escapes = false;
            while (p < end)
            {
                byte c = buffer[p];
                if (c == (byte)'"')
                {
                    stop = p;
                    return null;
                }

                stop = p;
                if (c < 0x20)
                {
                    return "control character in a string";
                }

                if (c >= 0x80)
                {
                    int length = Utf8SequenceLength(buffer, p, end);
                    if (length == 0)
                    {
                        return "invalid UTF-8 in a string";
                    }

                    p += length;
                    continue;
                }

                if (c == (byte)'\\')
                {
                    escapes = true;
                    if (p + 1 >= end)
                    {
                        break;
                    }

                    byte e = buffer[p + 1];
                    if (e == (byte)'u')
                    {
                        if (p + 5 >= end)
                        {
                            break;
                        }

                        for (int i = 2; i < 6; i++)
                        {
                            if (JsonEscapes.HexValue(buffer[p + i]) < 0)
                            {
                                return "invalid \\u escape";
                            }
                        }

                        p += 6;
                        continue;
                    }

                    if (e != (byte)'"' && e != (byte)'\\' && e != (byte)'/' && e != (byte)'b' && e != (byte)'f'
                        && e != (byte)'n' && e != (byte)'r' && e != (byte)'t')
                    {
                        return "invalid escape in a string";
                    }

                    p += 2;
                    continue;
                }

                p++;
            }

            stop = p;
            return "unterminated string";
        }

        /// <summary>
        /// The length of the well-formed UTF-8 sequence at <paramref name="p"/> (within the bytes before
        /// <paramref name="end"/>), or 0 when it is malformed or cut short.
        /// </summary>
        public static int Utf8SequenceLength(byte[] buffer, int p, int end)
        {
            int b0 = buffer[p];
            int length;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b0 >= 0xC2 && b0 <= 0xDF)
            {
                length = 2;
            }
            else if (b0 >= 0xE0 && b0 <= 0xEF)
            {
                length = 3;
                if (b0 == 0xE0)
                {
                    min2 = 0xA0;
                }
                else if (b0 == 0xED)
                {
                    max2 = 0x9F;
                }
            }
            else if (b0 >= 0xF0 && b0 <= 0xF4)
            {
                length = 4;
                if (b0 == 0xF0)
                {
                    min2 = 0x90;
                }
                else if (b0 == 0xF4)
                {
                    max2 = 0x8F;
                }
            }
            else
            {
                return 0;
            }

            if (p + length > end)
            {
                return 0;
            }

            int b1 = buffer[p + 1];
            if (b1 < min2 || b1 > max2)
            {
                return 0;
            }

            for (int i = 2; i < length; i++)
            {
                if ((buffer[p + i] & 0xC0) != 0x80)
                {
                    return 0;
                }
            }

            return length;
        }
    }
}
