namespace Firmware.Text
{
    /// <summary>
    /// A strict, bounded, pull-style JSON reader (RFC 8259) over bytes, for configuration and commands.
    /// Malformed input stops it with a specific error and its byte offset; it never throws on bad input.
    /// It follows the structure (containers, names, commas, literals) itself; strings are checked by
    /// <see cref="JsonStringScanner"/> and decoded on demand by <see cref="JsonEscapes"/>, and numbers are kept exact
    /// by <see cref="JsonNumber"/> as a decimal mantissa and exponent, never as floating point, so "21.5" becomes
    /// exactly 215 × 10^-1 on every runtime.
    /// </summary>
    public sealed class JsonReader
    {
        private readonly byte[] _stack;
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _end;
        private int _depth;
        private bool _expectValue;
        private bool _afterName;
        private bool _topLevelDone;

        // Current token's raw extent (string content without quotes), and a number's decimal form.
        private int _tokenStart;
        private int _tokenLength;
        private bool _tokenHasEscapes;
        private long _mantissa;
        private int _exponent;

        public JsonReader(int maxDepth)
        {
            _stack = new byte[maxDepth];
        }

        public void Reset(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _start = offset;
            _position = offset;
            _end = offset + count;
            _depth = 0;
            _expectValue = true;
            _afterName = false;
            _topLevelDone = false;
            Token = JsonToken.None;
            Error = null;
        }

        public JsonToken Token { get; private set; }

        /// <summary>Why the input was rejected, with the byte offset; null while it is valid.</summary>
        public string Error { get; private set; }

        /// <summary>Nesting depth after the current token (0 at top level).</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>Moves to the next token; false at the end of input or on an error.</summary>
        public bool Read()
        {
            if (Token == JsonToken.Invalid || Token == JsonToken.EndOfInput)
            {
                return false;
            }

            SkipWhiteSpace();
            if (_topLevelDone)
            {
                if (_position < _end)
                {
                    return Fail("unexpected data after the JSON value");
                }

                Token = JsonToken.EndOfInput;
                return false;
            }

            if (_position >= _end)
            {
                return Fail("unexpected end of input");
            }

            byte c = _buffer[_position];
            bool inObject = _depth > 0 && _stack[_depth - 1] == (byte)'{';

            if (!_expectValue)
            {
                // After a value inside a container: a comma or the container's end.
                if (c == (byte)',')
                {
                    _position++;
                    SkipWhiteSpace();
                    if (inObject)
                    {
                        return ReadName();
                    }

                    _expectValue = true;
                    return ReadValueAfterComma();
                }

                if (c == (byte)'}' && inObject)
                {
                    return CloseContainer(JsonToken.EndObject);
                }

                if (c == (byte)']' && !inObject)
                {
                    return CloseContainer(JsonToken.EndArray);
                }

                return Fail(inObject ? "expected ',' or '}'" : "expected ',' or ']'");
            }

            if (inObject && !_afterName)
            {
                // Right after '{': a name or '}'.
                if (c == (byte)'}')
                {
                    return CloseContainer(JsonToken.EndObject);
                }

                return ReadName();
            }

            if (c == (byte)']' && !inObject && !_afterName && Token == JsonToken.StartArray)
            {
                return CloseContainer(JsonToken.EndArray);
            }

            return ReadValue();
        }

        /// <summary>Skips the current value: after a name, the value that follows; on a start token, to its end.</summary>
        public bool Skip()
        {
            if (Token == JsonToken.PropertyName && !Read())
            {
                return false;
            }

            if (Token == JsonToken.StartObject || Token == JsonToken.StartArray)
            {
                int depth = _depth - 1;
                while (Read())
                {
                    if ((Token == JsonToken.EndObject || Token == JsonToken.EndArray) && _depth == depth)
                    {
                        return true;
                    }
                }

                return false;
            }

            return Token != JsonToken.Invalid;
        }

        /// <summary>The current name or string, decoded (allocates).</summary>
        public string GetString()
        {
            if (Token != JsonToken.String && Token != JsonToken.PropertyName)
            {
                throw new System.InvalidOperationException("the current token is not a string");
            }

            if (!_tokenHasEscapes)
            {
                return Utf8.Decode(_buffer, _tokenStart, _tokenLength);
            }

            byte[] scratch = new byte[_tokenLength];
            int n = JsonEscapes.Unescape(_buffer, _tokenStart, _tokenLength, scratch);
            return Utf8.Decode(scratch, 0, n);
        }

        /// <summary>True when the current name or string is exactly this ASCII text (no allocation).</summary>
        public bool ValueEquals(string ascii)
        {
            if ((Token != JsonToken.String && Token != JsonToken.PropertyName) || _tokenHasEscapes)
            {
                return (Token == JsonToken.String || Token == JsonToken.PropertyName) && GetString() == ascii;
            }

            if (_tokenLength != ascii.Length)
            {
                return false;
            }

            for (int i = 0; i < _tokenLength; i++)
            {
                if (_buffer[_tokenStart + i] != ascii[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The current number as value × 10^<paramref name="scale"/> exactly: "21.5" with scale -1 is 215.
        /// False when it is not a number, has more decimals than the scale allows, or does not fit a long.
        /// </summary>
        public bool TryGetFixed(int scale, out long value)
        {
            value = 0;
            return Token == JsonToken.Number && JsonNumber.ToFixed(_mantissa, _exponent, scale, out value);
        }

        /// <summary>
        /// The current number exactly, as mantissa × 10^exponent (trailing zeros of the mantissa are not
        /// removed). False when the current token is not a number.
        /// </summary>
        public bool TryGetDecimal(out long mantissa, out int exponent)
        {
            mantissa = _mantissa;
            exponent = _exponent;
            return Token == JsonToken.Number;
        }

        /// <summary>The current number as an integer; false for fractions or overflow.</summary>
        public bool TryGetInt64(out long value)
        {
            return TryGetFixed(0, out value);
        }

        private bool ReadName()
        {
            if (_position >= _end || _buffer[_position] != (byte)'"')
            {
                return Fail("expected a property name in double quotes");
            }

            if (!ScanString())
            {
                return false;
            }

            SkipWhiteSpace();
            if (_position >= _end || _buffer[_position] != (byte)':')
            {
                return Fail("expected ':' after a property name");
            }

            _position++;
            _expectValue = true;
            _afterName = true;
            Token = JsonToken.PropertyName;
            return true;
        }

        private bool ReadValueAfterComma()
        {
            if (_position < _end && _buffer[_position] == (byte)']')
            {
                return Fail("a ',' must be followed by a value");
            }

            return ReadValue();
        }

        private bool ReadValue()
        {
            _afterName = false;
            if (_position >= _end)
            {
                return Fail("unexpected end of input");
            }

            byte c = _buffer[_position];
            switch (c)
            {
                case (byte)'{':
                    return OpenContainer((byte)'{', JsonToken.StartObject);
                case (byte)'[':
                    return OpenContainer((byte)'[', JsonToken.StartArray);
                case (byte)'"':
                    if (!ScanString())
                    {
                        return false;
                    }

                    return ValueDone(JsonToken.String);
                case (byte)'t':
                    return Literal("true", JsonToken.True);
                case (byte)'f':
                    return Literal("false", JsonToken.False);
                case (byte)'n':
                    return Literal("null", JsonToken.Null);
                default:
                    if (c == (byte)'-' || (c >= (byte)'0' && c <= (byte)'9'))
                    {
                        return ScanNumber();
                    }

                    return Fail("expected a value");
            }
        }

        private bool OpenContainer(byte bracket, JsonToken token)
        {
            if (_depth == _stack.Length)
            {
                return Fail("nested too deeply");
            }

            _stack[_depth++] = bracket;
            _position++;
            _expectValue = true;
            _afterName = false;
            Token = token;
            return true;
        }

        private bool CloseContainer(JsonToken token)
        {
            _position++;
            _depth--;
            return ValueDone(token);
        }

        private bool ValueDone(JsonToken token)
        {
            Token = token;
            _afterName = false;
            _expectValue = false;
            if (_depth == 0)
            {
                _topLevelDone = true;
            }

            return true;
        }

        private bool Literal(string text, JsonToken token)
        {
            if (_end - _position < text.Length)
            {
                return Fail("unexpected end of input in a literal");
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (_buffer[_position + i] != text[i])
                {
                    return Fail("invalid literal");
                }
            }

            _position += text.Length;
            return ValueDone(token);
        }

        private bool ScanString()
        {
            int stop;
            bool escapes;
            string error = JsonStringScanner.Scan(_buffer, _position, _end, out stop, out escapes);
            if (error != null)
            {
                _position = stop;
                return Fail(error);
            }

            _tokenStart = _position + 1;
            _tokenLength = stop - _tokenStart;
            _tokenHasEscapes = escapes;
            _position = stop + 1;
            return true;
        }

        private bool ScanNumber()
        {
            int stop;
            long mantissa;
            int exponent;
            string error = JsonNumber.Scan(_buffer, _position, _end, out stop, out mantissa, out exponent);
            _position = stop;
            if (error != null)
            {
                return Fail(error);
            }

            _mantissa = mantissa;
            _exponent = exponent;
            return ValueDone(JsonToken.Number);
        }

        private void SkipWhiteSpace()
        {
            while (_position < _end)
            {
                byte c = _buffer[_position];
                if (c != (byte)' ' && c != (byte)'\t' && c != (byte)'\n' && c != (byte)'\r')
                {
                    return;
                }

                _position++;
            }
        }

        private bool Fail(string message)
        {
            Token = JsonToken.Invalid;
            Error = message + " at byte " + (_position - _start).ToString();
            return false;
        }
    }
}
