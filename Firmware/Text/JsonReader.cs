namespace Firmware.Text
{
    /// <summary>
    /// A strict, bounded, pull-style JSON reader (RFC 8259) over bytes, for configuration and commands.
    /// Malformed input stops it with a specific error and its byte offset; it never throws on bad input.
    /// Numbers are kept exact as a decimal mantissa and exponent, never as floating point, so "21.5"
    /// becomes exactly 215 × 10^-1 on every runtime.
    /// </summary>
    public sealed class JsonReader
    {
        private const int MaxMantissaDigits = 18;

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
            int n = Unescape(scratch);
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
            if (Token != JsonToken.Number)
            {
                return false;
            }

            long m = _mantissa;
            int shift = _exponent - scale;
            if (m == 0)
            {
                return true;
            }

            while (shift > 0)
            {
                if (m > long.MaxValue / 10 || m < long.MinValue / 10)
                {
                    return false;
                }

                m *= 10;
                shift--;
            }

            while (shift < 0)
            {
                if (m % 10 != 0)
                {
                    return false;
                }

                m /= 10;
                shift++;
            }

            value = m;
            return true;
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
            int p = _position + 1;
            _tokenStart = p;
            _tokenHasEscapes = false;
            while (p < _end)
            {
                byte c = _buffer[p];
                if (c == (byte)'"')
                {
                    _tokenLength = p - _tokenStart;
                    _position = p + 1;
                    return true;
                }

                if (c < 0x20)
                {
                    _position = p;
                    return Fail("control character in a string");
                }

                if (c >= 0x80)
                {
                    int length = Utf8SequenceLength(p);
                    if (length == 0)
                    {
                        _position = p;
                        return Fail("invalid UTF-8 in a string");
                    }

                    p += length;
                    continue;
                }

                if (c == (byte)'\\')
                {
                    _tokenHasEscapes = true;
                    if (p + 1 >= _end)
                    {
                        break;
                    }

                    byte e = _buffer[p + 1];
                    if (e == (byte)'u')
                    {
                        if (p + 5 >= _end)
                        {
                            break;
                        }

                        for (int i = 2; i < 6; i++)
                        {
                            if (HexValue(_buffer[p + i]) < 0)
                            {
                                _position = p;
                                return Fail("invalid \\u escape");
                            }
                        }

                        p += 6;
                        continue;
                    }

                    if (e != (byte)'"' && e != (byte)'\\' && e != (byte)'/' && e != (byte)'b' && e != (byte)'f'
                        && e != (byte)'n' && e != (byte)'r' && e != (byte)'t')
                    {
                        _position = p;
                        return Fail("invalid escape in a string");
                    }

                    p += 2;
                    continue;
                }

                p++;
            }

            _position = p;
            return Fail("unterminated string");
        }

        // The length of the well-formed UTF-8 sequence at p (Unicode Table 3-7: no overlong forms, no
        // surrogates, nothing above U+10FFFF), or 0 when it is malformed or cut short.
        private int Utf8SequenceLength(int p)
        {
            int b0 = _buffer[p];
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

            if (p + length > _end)
            {
                return 0;
            }

            int b1 = _buffer[p + 1];
            if (b1 < min2 || b1 > max2)
            {
                return 0;
            }

            for (int i = 2; i < length; i++)
            {
                if ((_buffer[p + i] & 0xC0) != 0x80)
                {
                    return 0;
                }
            }

            return length;
        }

        private int Unescape(byte[] output)
        {
            int n = 0;
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            while (p < end)
            {
                byte c = _buffer[p];
                if (c != (byte)'\\')
                {
                    output[n++] = c;
                    p++;
                    continue;
                }

                byte e = _buffer[p + 1];
                p += 2;
                switch (e)
                {
                    case (byte)'b': output[n++] = 8; break;
                    case (byte)'f': output[n++] = 12; break;
                    case (byte)'n': output[n++] = 10; break;
                    case (byte)'r': output[n++] = 13; break;
                    case (byte)'t': output[n++] = 9; break;
                    case (byte)'u':
                        int code = Hex4(p);
                        p += 4;
                        if (code >= 0xD800 && code <= 0xDBFF && p + 5 < end && _buffer[p] == (byte)'\\' && _buffer[p + 1] == (byte)'u')
                        {
                            int low = Hex4(p + 2);
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

        private int Hex4(int p)
        {
            return (HexValue(_buffer[p]) << 12) | (HexValue(_buffer[p + 1]) << 8) | (HexValue(_buffer[p + 2]) << 4) | HexValue(_buffer[p + 3]);
        }

        private static int HexValue(byte c)
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

        // number = [ "-" ] int [ frac ] [ exp ], kept as mantissa × 10^exponent.
        private bool ScanNumber()
        {
            int p = _position;
            bool negative = false;
            if (_buffer[p] == (byte)'-')
            {
                negative = true;
                p++;
            }

            if (p >= _end || !IsDigit(_buffer[p]))
            {
                _position = p;
                return Fail("invalid number");
            }

            long mantissa = 0;
            int digits = 0;
            int exponent = 0;
            if (_buffer[p] == (byte)'0')
            {
                p++;
                if (p < _end && IsDigit(_buffer[p]))
                {
                    _position = p;
                    return Fail("leading zeros are not allowed in numbers");
                }
            }
            else
            {
                while (p < _end && IsDigit(_buffer[p]))
                {
                    if (!Accumulate(ref mantissa, ref digits, _buffer[p]))
                    {
                        exponent++;
                    }

                    p++;
                }
            }

            if (p < _end && _buffer[p] == (byte)'.')
            {
                p++;
                if (p >= _end || !IsDigit(_buffer[p]))
                {
                    _position = p;
                    return Fail("a decimal point must be followed by digits");
                }

                while (p < _end && IsDigit(_buffer[p]))
                {
                    if (Accumulate(ref mantissa, ref digits, _buffer[p]))
                    {
                        exponent--;
                    }

                    p++;
                }
            }

            if (p < _end && (_buffer[p] == (byte)'e' || _buffer[p] == (byte)'E'))
            {
                p++;
                bool expNegative = false;
                if (p < _end && (_buffer[p] == (byte)'+' || _buffer[p] == (byte)'-'))
                {
                    expNegative = _buffer[p] == (byte)'-';
                    p++;
                }

                if (p >= _end || !IsDigit(_buffer[p]))
                {
                    _position = p;
                    return Fail("an exponent must have digits");
                }

                int e = 0;
                while (p < _end && IsDigit(_buffer[p]))
                {
                    if (e > 1000)
                    {
                        _position = p;
                        return Fail("number exponent out of range");
                    }

                    e = (e * 10) + (_buffer[p] - '0');
                    p++;
                }

                exponent += expNegative ? -e : e;
            }

            if (digits > MaxMantissaDigits)
            {
                _position = p;
                return Fail("number has more than 18 significant digits");
            }

            _mantissa = negative ? -mantissa : mantissa;
            _exponent = exponent;
            _position = p;
            return ValueDone(JsonToken.Number);
        }

        // Adds a digit to the mantissa; digits past the 18th only count when nonzero (then the number is
        // rejected). Returns true when the digit was taken into the mantissa.
        private static bool Accumulate(ref long mantissa, ref int digits, byte digit)
        {
            int d = digit - '0';
            if (mantissa == 0 && d == 0)
            {
                return true;
            }

            if (digits < MaxMantissaDigits)
            {
                mantissa = (mantissa * 10) + d;
                digits++;
                return true;
            }

            if (d != 0)
            {
                digits++;
            }

            return false;
        }

        private static bool IsDigit(byte c)
        {
            return c >= (byte)'0' && c <= (byte)'9';
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
