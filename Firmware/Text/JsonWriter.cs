namespace Firmware.Text
{
    /// <summary>
    /// Writes compact JSON (RFC 8259) into a caller's byte buffer, without allocating. When the output
    /// would pass the limit, writing stops and <see cref="Overflowed"/> is set, so a caller can build a
    /// batch record by record and keep only the records that fitted (see <see cref="Mark"/>).
    /// </summary>
    public sealed class JsonWriter
    {
        private const int MaxDepth = 16;

        private readonly bool[] _hasElements = new bool[MaxDepth];
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _limit;
        private int _depth;
        private bool _afterName;

        /// <summary>Starts writing at <paramref name="offset"/>, never past offset + <paramref name="capacity"/>.</summary>
        public void Reset(byte[] buffer, int offset, int capacity)
        {
            _buffer = buffer;
            _start = offset;
            _position = offset;
            _limit = offset + capacity;
            _depth = 0;
            _afterName = false;
            Overflowed = false;
        }

        /// <summary>True once something did not fit; everything after it was dropped.</summary>
        public bool Overflowed { get; private set; }

        /// <summary>Bytes written since <see cref="Reset"/>.</summary>
        public int Length
        {
            get { return _position - _start; }
        }

        /// <summary>Bytes still free before the limit.</summary>
        public int Remaining
        {
            get { return _limit - _position; }
        }

        /// <summary>
        /// A point to return to with <see cref="Rewind"/>: the position and whether the current container
        /// already had elements, packed in one long so saving it allocates nothing.
        /// </summary>
        public long Mark()
        {
            long mark = _position;
            mark |= (long)_depth << 32;
            if (_depth > 0 && _hasElements[_depth - 1])
            {
                mark |= 1L << 40;
            }

            return mark;
        }

        /// <summary>Returns to a <see cref="Mark"/> taken in the same container, undoing what followed.</summary>
        public void Rewind(long mark)
        {
            _position = (int)(mark & 0xFFFFFFFFL);
            _depth = (int)((mark >> 32) & 0xFF);
            if (_depth > 0)
            {
                _hasElements[_depth - 1] = (mark & (1L << 40)) != 0;
            }

            _afterName = false;
            Overflowed = false;
        }

        public void BeginObject()
        {
            Open((byte)'{');
        }

        public void EndObject()
        {
            Close((byte)'}');
        }

        public void BeginArray()
        {
            Open((byte)'[');
        }

        public void EndArray()
        {
            Close((byte)']');
        }

        /// <summary>Writes an object member's name; the next value written is its value.</summary>
        public void Name(string name)
        {
            Separate();
            WriteQuoted(name);
            Put((byte)':');
            _afterName = true;
        }

        public void String(string value)
        {
            if (value == null)
            {
                Null();
                return;
            }

            Separate();
            WriteQuoted(value);
        }

        /// <summary>
        /// Writes one string value made of up to three parts (null parts are skipped), without building the string:
        /// topics and templates are written from the pieces a device keeps.
        /// </summary>
        public void String(string first, string second, string third)
        {
            Separate();
            Put((byte)'"');
            WriteEscaped(first);
            WriteEscaped(second);
            WriteEscaped(third);
            Put((byte)'"');
        }

        public void Number(long value)
        {
            Fixed(value, 0);
        }

        /// <summary>Writes value × 10^scale as an exact decimal number (see <see cref="FixedPoint"/>).</summary>
        public void Fixed(long value, int scale)
        {
            Separate();
            if (Overflowed)
            {
                return;
            }

            int end = FixedPoint.Write(_buffer, _position, _limit, value, scale);
            if (end < 0)
            {
                Overflowed = true;
                return;
            }

            _position = end;
        }

        public void Bool(bool value)
        {
            Separate();
            PutAscii(value ? "true" : "false");
        }

        public void Null()
        {
            Separate();
            PutAscii("null");
        }

        public void Property(string name, string value)
        {
            Name(name);
            String(value);
        }

        public void Property(string name, long value)
        {
            Name(name);
            Number(value);
        }

        public void Property(string name, long value, int scale)
        {
            Name(name);
            Fixed(value, scale);
        }

        public void Property(string name, bool value)
        {
            Name(name);
            Bool(value);
        }

        private void Open(byte bracket)
        {
            Separate();
            if (_depth == MaxDepth)
            {
                throw new System.InvalidOperationException("JSON nested deeper than 16 levels");
            }

            Put(bracket);
            _hasElements[_depth++] = false;
        }

        private void Close(byte bracket)
        {
            if (_depth == 0)
            {
                throw new System.InvalidOperationException("JSON container closed but none is open");
            }

            _depth--;
            Put(bracket);
        }

        // Writes the comma between elements; a value right after a name needs none.
        private void Separate()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }

            if (_depth > 0)
            {
                if (_hasElements[_depth - 1])
                {
                    Put((byte)',');
                }

                _hasElements[_depth - 1] = true;
            }
        }

        private void WriteQuoted(string text)
        {
            Put((byte)'"');
            WriteEscaped(text);
            Put((byte)'"');
        }

        private void WriteEscaped(string text)
        {
            for (int i = 0; text != null && i < text.Length && !Overflowed; i++)
            {
                char c = text[i];
                if (c == '"' || c == '\\')
                {
                    Put((byte)'\\');
                    Put((byte)c);
                }
                else if (c < 0x20)
                {
                    PutAscii("\\u00");
                    Put(HexDigit(c >> 4));
                    Put(HexDigit(c & 0xF));
                }
                else if (c < 0x80)
                {
                    Put((byte)c);
                }
                else
                {
                    // One character (a surrogate pair is one); a lone surrogate becomes U+FFFD on its own.
                    int units;
                    int end = Utf8.EncodeCodePoint(Utf8.CodePointAt(text, i, out units), _buffer, _position, _limit);
                    if (end < 0)
                    {
                        Overflowed = true;
                        return;
                    }

                    _position = end;
                    i += units - 1;
                }
            }
        }

        private static byte HexDigit(int value)
        {
            return (byte)(value < 10 ? '0' + value : 'a' + value - 10);
        }

        private void PutAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Put((byte)text[i]);
            }
        }

        private void Put(byte value)
        {
            if (Overflowed)
            {
                return;
            }

            if (_position >= _limit)
            {
                Overflowed = true;
                return;
            }

            _buffer[_position++] = value;
        }
    }
}
