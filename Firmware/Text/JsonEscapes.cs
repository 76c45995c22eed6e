namespace Firmware.Text
{
    /// <summary>
    /// Decodes the escapes of a JSON string's content (<c>\"</c>, <c>\\</c>, <c>\/</c>, <c>\b</c>, <c>\f</c>,
    /// <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\uXXXX</c> and surrogate pairs of them) into UTF-8 bytes. The content was
    /// checked by <see cref="JsonStringScanner"/> first, so every escape is complete and well formed.
    /// </summary>
    public static class JsonEscapes
    {
        /// <summary>
        /// Writes the UTF-8 of the <paramref name="length"/> bytes of string content at <paramref name="start"/>, escapes
        /// decoded, into <paramref name="output"/> (room for <paramref name="length"/> bytes: escapes never expand);
        /// returns the bytes written. A lone surrogate becomes U+FFFD.
        /// </summary>
        public static int Unescape(byte[] buffer, int start, int length, byte[] output)
        {
            int n = 0;
            int p = start;
            int end = start + length;
            while (p < end)
            {
                byte c = buffer[p];
                if (c != (byte)'\\')
                {
                    output[n++] = c;
                    p++;
                    continue;
                }

                byte e = buffer[p + 1];
                p += 2;
                switch (e)
                {
                    case (byte)'b': output[n++] = 8; break;
                    case (byte)'f': output[n++] = 12; break;
                    case (byte)'n': output[n++] = 10; break;
                    case (byte)'r': output[n++] = 13; break;
                    case (byte)'t': output[n++] = 9; break;
                    case (byte)'u':
                        int code = Hex4(buffer, p);
                        p += 4;
                        if (code >= 0xD800 && code <= 0xDBFF && p + 5 < end && buffer[p] == (byte)'\\' && buffer[p + 1] == (byte)'u')
                        {
                            int low = Hex4(buffer, p + 2);
                            if (low >= 0xDC00 && low <= 0xDFFF)
                            {
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                                p += 6;
                            }
                        }

                        n = PutCodePoint(output, n, code);
                        break;
                    default: output[n++] = e; break;
                }
            }

            return n;
        }

        /// <summary>The value of a hex digit, or -1 when <paramref name="c"/> is not one.</summary>
        public static int HexValue(byte c)
        {
            if (c >= (byte)'0' && c <= (byte)'9')
            {
                return c - '0';
            }

            if (c >= (byte)'a' && c <= (byte)'f')
            {
                return c - 'a' + 10;
            }

            if (c >= (byte)'A' && c <= (byte)'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        // Escapes never expand: "\uXXXX" is 6 bytes and encodes to at most 3 (or 12 to 4 for a pair).
        private static int PutCodePoint(byte[] output, int n, int code)
        {
            if (code >= 0xD800 && code <= 0xDFFF)
            {
                code = 0xFFFD;
            }

            if (code < 0x80)
            {
                output[n++] = (byte)code;
            }
            else if (code < 0x800)
            {
                output[n++] = (byte)(0xC0 | (code >> 6));
                output[n++] = (byte)(0x80 | (code & 0x3F));
            }
            else if (code < 0x10000)
            {
                output[n++] = (byte)(0xE0 | (code >> 12));
                output[n++] = (byte)(0x80 | ((code >> 6) & 0x3F));
                output[n++] = (byte)(0x80 | (code & 0x3F));
            }
            else
            {
                output[n++] = (byte)(0xF0 | (code >> 18));
                output[n++] = (byte)(0x80 | ((code >> 12) & 0x3F));
                output[n++] = (byte)(0x80 | ((code >> 6) & 0x3F));
                output[n++] = (byte)(0x80 | (code & 0x3F));
            }

            return n;
        }

        private static int Hex4(byte[] buffer, int p)
        {
            return (HexValue(buffer[p]) << 12) | (HexValue(buffer[p + 1]) << 8) | (HexValue(buffer[p + 2]) << 4) | HexValue(buffer[p + 3]);
        }
    }
}
