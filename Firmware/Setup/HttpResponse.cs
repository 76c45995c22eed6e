using Firmware.Text;

namespace Firmware.Setup
{
    /// <summary>Writes a response's status line and headers into a caller's buffer; every response closes its connection.</summary>
    public static class HttpResponse
    {
        /// <summary>Bytes a head takes at most (a Location of the listener's origin included).</summary>
        public const int MaxHeadBytes = 512;

        /// <summary>The status line's reason phrase (RFC 9110).</summary>
        public static string Reason(int status)
        {
            switch (status)
            {
                case 200: return "OK";
                case 302: return "Found";
                case 303: return "See Other";
                case 400: return "Bad Request";
                case 404: return "Not Found";
                case 405: return "Method Not Allowed";
                case 408: return "Request Timeout";
                case 411: return "Length Required";
                case 413: return "Content Too Large";
                case 414: return "URI Too Long";
                case 415: return "Unsupported Media Type";
                case 431: return "Request Header Fields Too Large";
                case 501: return "Not Implemented";
                case 503: return "Service Unavailable";
                case 505: return "HTTP Version Not Supported";
                default: return "Internal Server Error";
            }
        }

        /// <summary>
        /// Writes the head of a response with a body of <paramref name="contentLength"/> bytes of
        /// <paramref name="contentType"/> (null for none), and a Location when <paramref name="location"/> is given;
        /// returns its length.
        /// </summary>
        public static int WriteHead(byte[] buffer, int status, string contentType, int contentLength, string location)
        {
            int p = 0;
            p = Put(buffer, p, "HTTP/1.1 ");
            p = Put(buffer, p, status.ToString());
            p = Put(buffer, p, " ");
            p = Put(buffer, p, Reason(status));
            if (contentType != null)
            {
                p = Put(buffer, p, "\r\nContent-Type: ");
                p = Put(buffer, p, contentType);
            }

            if (location != null)
            {
                p = Put(buffer, p, "\r\nLocation: ");
                p = Put(buffer, p, location);
            }

            if (status == 405)
            {
                p = Put(buffer, p, "\r\nAllow: GET, HEAD, POST");
            }

            p = Put(buffer, p, "\r\nContent-Length: ");
            p = Put(buffer, p, contentLength.ToString());
            p = Put(buffer, p, "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n");
            return p;
        }

        private static int Put(byte[] buffer, int position, string ascii)
        {
            int end = Utf8.Encode(ascii, buffer, position, buffer.Length);
            if (end < 0)
            {
                throw new System.ArgumentException("a response head over " + buffer.Length.ToString() + " bytes");
            }

            return end;
        }
    }
}
