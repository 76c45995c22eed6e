using Firmware.Text;

namespace Firmware.Setup
{
    /// <summary>
    /// Reads one HTTP/1.x request into a fixed buffer, a piece at a time as it arrives, and refuses anything it does not
    /// take with a status and a reason instead of throwing: a head over <see cref="MaxHeadBytes"/> (431), a target over
    /// <see cref="MaxTargetLength"/> (414), a body over <see cref="MaxBodyBytes"/> (413), a POST without Content-Length
    /// (411), a chunked body (501), a form that is not URL-encoded (415), another version (505), another method (501),
    /// and every malformed line (400). Lines may end in CRLF or LF. Header names are matched without regard to case.
    /// The caller reads into <see cref="Buffer"/> at <see cref="Length"/>, at most <see cref="Free"/> bytes, then calls
    /// <see cref="Received"/>. One object serves request after request (<see cref="Reset"/>); it allocates only the
    /// target and Host strings of each.
    /// </summary>
    public sealed class HttpRequestParser
    {
        public const int MaxHeadBytes = 2048;
        public const int MaxBodyBytes = 8192;
        public const int MaxTargetLength = 256;
        public const int MaxHeaders = 32;

        private readonly byte[] _buffer = new byte[MaxHeadBytes + MaxBodyBytes];
        private int _length;
        private int _headEnd;
        private HttpParse _state;

        public HttpRequestParser()
        {
            Reset();
        }

        /// <summary>Where the request's bytes go.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Bytes received so far.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>Room left in <see cref="Buffer"/> after <see cref="Length"/>.</summary>
        public int Free
        {
            get { return _buffer.Length - _length; }
        }

        public HttpParse State
        {
            get { return _state; }
        }

        public HttpMethod Method { get; private set; }

        /// <summary>The target's path, without its query ("/setup").</summary>
        public string Path { get; private set; }

        /// <summary>The Host header, or null when there was none.</summary>
        public string Host { get; private set; }

        public int ContentLength { get; private set; }

        public int BodyOffset
        {
            get { return _headEnd; }
        }

        /// <summary>The status of a refusal (400, 411, 413, 414, 415, 431, 501, 505); 0 otherwise.</summary>
        public int Status { get; private set; }

        /// <summary>Why the request was refused, for the response's text; null otherwise.</summary>
        public string Problem { get; private set; }

        /// <summary>Forgets the last request.</summary>
        public void Reset()
        {
            _length = 0;
            _headEnd = -1;
            _state = HttpParse.Incomplete;
            Method = HttpMethod.None;
            Path = null;
            Host = null;
            ContentLength = 0;
            Status = 0;
            Problem = null;
        }

        /// <summary>Takes <paramref name="count"/> more bytes written at <see cref="Length"/> and says where the request stands.</summary>
        public HttpParse Received(int count)
        {
            if (_state != HttpParse.Incomplete)
            {
                return _state;
            }

            if (count < 0 || count > Free)
            {
                throw new System.ArgumentOutOfRangeException("count", "more bytes than the buffer has room for");
            }

            int searchFrom = _length > 3 ? _length - 3 : 0;
            _length += count;
            if (_headEnd < 0)
            {
                int end = HeadEnd(searchFrom);
                if (end < 0)
                {
                    return _length >= MaxHeadBytes ? Refuse(431, "the request's head is longer than " + MaxHeadBytes.ToString() + " bytes") : _state;
                }

                if (end > MaxHeadBytes)
                {
                    return Refuse(431, "the request's head is longer than " + MaxHeadBytes.ToString() + " bytes");
                }

                _headEnd = end;
                if (!ParseHead())
                {
                    return _state;
                }
            }

            if (_length - _headEnd >= ContentLength)
            {
                _state = HttpParse.Complete;
            }

            return _state;
        }

        /// <summary>The position after the blank line that ends the head, or -1.</summary>
        private int HeadEnd(int from)
        {
            for (int i = from; i < _length; i++)
            {
                if (_buffer[i] != (byte)'\n')
                {
                    continue;
                }

                if (i + 1 < _length && _buffer[i + 1] == (byte)'\n')
                {
                    return i + 2;
                }

                if (i + 2 < _length && _buffer[i + 1] == (byte)'\r' && _buffer[i + 2] == (byte)'\n')
                {
                    return i + 3;
                }
            }

            return -1;
        }

        private bool ParseHead()
        {
            int lineEnd = LineEnd(0);
            if (!ParseRequestLine(0, ContentEnd(0, lineEnd)))
            {
                return false;
            }

            bool lengthSeen = false;
            bool formBody = false;
            bool typeSeen = false;
            int headers = 0;
            int at = lineEnd + 1;
            while (at < _headEnd)
            {
                int end = LineEnd(at);
                int content = ContentEnd(at, end);
                if (content == at)
                {
                    break;
                }

                if (++headers > MaxHeaders)
                {
                    Refuse(431, "more than " + MaxHeaders.ToString() + " header lines");
                    return false;
                }

                int colon = -1;
                for (int i = at; i < content; i++)
                {
                    if (_buffer[i] == (byte)':')
                    {
                        colon = i;
                        break;
                    }

                    if (!IsTokenChar(_buffer[i]))
                    {
                        Refuse(400, "a malformed header line");
                        return false;
                    }
                }

                if (colon <= at)
                {
                    Refuse(400, "a malformed header line");
                    return false;
                }

                int valueStart = colon + 1;
                int valueEnd = content;
                while (valueStart < valueEnd && IsBlank(_buffer[valueStart]))
                {
                    valueStart++;
                }

                while (valueEnd > valueStart && IsBlank(_buffer[valueEnd - 1]))
                {
                    valueEnd--;
                }

                for (int i = valueStart; i < valueEnd; i++)
                {
                    if ((_buffer[i] < 0x20 && _buffer[i] != (byte)'\t') || _buffer[i] == 0x7F)
                    {
                        Refuse(400, "a control character in a header");
                        return false;
                    }
                }

                if (NameIs(at, colon, "content-length"))
                {
                    if (lengthSeen)
                    {
                        Refuse(400, "two Content-Length headers");
                        return false;
                    }

                    if (!ParseLength(valueStart, valueEnd))
                    {
                        return false;
                    }

                    lengthSeen = true;
                }
                else if (NameIs(at, colon, "host"))
                {
                    if (Host != null || valueEnd - valueStart > 255)
                    {
                        Refuse(400, Host != null ? "two Host headers" : "a Host header over 255 characters");
                        return false;
                    }

                    Host = Ascii(valueStart, valueEnd);
                }
                else if (NameIs(at, colon, "transfer-encoding"))
                {
                    Refuse(501, "a body with a transfer coding (send it with Content-Length)");
                    return false;
                }
                else if (NameIs(at, colon, "content-type"))
                {
                    typeSeen = true;
                    formBody = StartsWithIgnoringCase(valueStart, valueEnd, "application/x-www-form-urlencoded");
                }

                at = end + 1;
            }

            if (Method == HttpMethod.Post)
            {
                if (!lengthSeen)
                {
                    Refuse(411, "a form sent without Content-Length");
                    return false;
                }

                if (ContentLength > 0 && (!typeSeen || !formBody))
                {
                    Refuse(415, "a form must be sent as application/x-www-form-urlencoded");
                    return false;
                }
            }

            return true;
        }

        private bool ParseRequestLine(int start, int end)
        {
            int space = IndexOf((byte)' ', start, end);
            if (space <= start || space - start > 8)
            {
                Refuse(400, "a malformed request line");
                return false;
            }

            for (int i = start; i < space; i++)
            {
                if (_buffer[i] < (byte)'A' || _buffer[i] > (byte)'Z')
                {
                    Refuse(400, "a malformed request line");
                    return false;
                }
            }

            int targetStart = space + 1;
            int second = IndexOf((byte)' ', targetStart, end);
            if (second < 0)
            {
                Refuse(400, "a malformed request line");
                return false;
            }

            if (second - targetStart > MaxTargetLength)
            {
                Refuse(414, "a target longer than " + MaxTargetLength.ToString() + " characters");
                return false;
            }

            if (!IsVersion(second + 1, end))
            {
                bool http = end - second - 1 >= 5 && StartsWithIgnoringCase(second + 1, end, "http/");
                Refuse(http ? 505 : 400, http ? "only HTTP/1.0 and HTTP/1.1 are spoken here" : "a malformed request line");
                return false;
            }

            for (int i = targetStart; i < second; i++)
            {
                if (_buffer[i] <= 0x20 || _buffer[i] >= 0x7F)
                {
                    Refuse(400, "a malformed request target");
                    return false;
                }
            }

            int pathStart = targetStart;
            if (StartsWithIgnoringCase(targetStart, second, "http://"))
            {
                // The absolute form a proxy would get: the path is what follows the authority.
                pathStart = IndexOf((byte)'/', targetStart + 7, second);
                if (pathStart < 0)
                {
                    pathStart = second;
                }
            }
            else if (second == targetStart || _buffer[targetStart] != (byte)'/')
            {
                Refuse(400, "a request target must be a path");
                return false;
            }

            int pathEnd = IndexOf((byte)'?', pathStart, second);
            Path = pathStart == second ? "/" : Ascii(pathStart, pathEnd < 0 ? second : pathEnd);
            Method = MethodOf(start, space);
            if (Method == HttpMethod.None)
            {
                Refuse(501, "only GET, HEAD and POST are answered");
                return false;
            }

            return true;
        }

        private bool ParseLength(int start, int end)
        {
            if (end == start || end - start > 9)
            {
                Refuse(end - start > 9 ? 413 : 400, end - start > 9 ? "a body over " + MaxBodyBytes.ToString() + " bytes" : "a malformed Content-Length");
                return false;
            }

            int value = 0;
            for (int i = start; i < end; i++)
            {
                int digit = _buffer[i] - (byte)'0';
                if (digit < 0 || digit > 9)
                {
                    Refuse(400, "a malformed Content-Length");
                    return false;
                }

                value = (value * 10) + digit;
            }

            if (value > MaxBodyBytes)
            {
                Refuse(413, "a body over " + MaxBodyBytes.ToString() + " bytes");
                return false;
            }

            ContentLength = value;
            return true;
        }

        private HttpMethod MethodOf(int start, int end)
        {
            if (Is(start, end, "GET"))
            {
                return HttpMethod.Get;
            }

            if (Is(start, end, "HEAD"))
            {
                return HttpMethod.Head;
            }

            return Is(start, end, "POST") ? HttpMethod.Post : HttpMethod.None;
        }

        private bool IsVersion(int start, int end)
        {
            return end - start == 8 && Is(start, start + 7, "HTTP/1.") && (_buffer[start + 7] == (byte)'0' || _buffer[start + 7] == (byte)'1');
        }

        private HttpParse Refuse(int status, string problem)
        {
            Status = status;
            Problem = problem;
            _state = HttpParse.Refused;
            return _state;
        }

        private int LineEnd(int from)
        {
            int end = IndexOf((byte)'\n', from, _headEnd);
            return end < 0 ? _headEnd : end;
        }

        /// <summary>The end of a line's content: before its LF and a CR before that.</summary>
        private int ContentEnd(int start, int lineEnd)
        {
            return lineEnd > start && _buffer[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
        }

        private int IndexOf(byte value, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (_buffer[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        private bool Is(int start, int end, string text)
        {
            if (end - start != text.Length)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (_buffer[start + i] != (byte)text[i])
                {
                    return false;
                }
            }

            return true;
        }

        private bool NameIs(int start, int end, string lowerName)
        {
            return end - start == lowerName.Length && StartsWithIgnoringCase(start, end, lowerName);
        }

        private bool StartsWithIgnoringCase(int start, int end, string lowerText)
        {
            if (end - start < lowerText.Length)
            {
                return false;
            }

            for (int i = 0; i < lowerText.Length; i++)
            {
                int b = _buffer[start + i];
                if (b >= 'A' && b <= 'Z')
                {
                    b += 'a' - 'A';
                }

                if (b != lowerText[i])
                {
                    return false;
                }
            }

            return true;
        }

        private string Ascii(int start, int end)
        {
            return Utf8.Decode(_buffer, start, end - start);
        }

        private static bool IsBlank(byte b)
        {
            return b == (byte)' ' || b == (byte)'\t';
        }

        private static bool IsTokenChar(byte b)
        {
            return (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9')
                || b == (byte)'-' || b == (byte)'_' || b == (byte)'.' || b == (byte)'!' || b == (byte)'#' || b == (byte)'$'
                || b == (byte)'%' || b == (byte)'&' || b == (byte)'\'' || b == (byte)'*' || b == (byte)'+' || b == (byte)'^'
                || b == (byte)'`' || b == (byte)'|' || b == (byte)'~';
        }
    }
}
