namespace Firmware.Setup
{
    /// <summary>
    /// The captive portal's DNS: every name is the device. A standard query (RFC 1035) for one name gets an
    /// authoritative answer: an A record with the device's address for type A or ANY of class IN or ANY, and no record
    /// (NOERROR, so a client falls back to IPv4) for any other type. A query that is malformed, truncated or asks for
    /// more than one name gets FORMERR, another opcode NOTIMP; both echo only the header. A datagram too short for a
    /// header, or one that is itself a response, gets nothing (answering responses would let two responders loop).
    /// Additional records of the query (EDNS) are ignored. Writes into the caller's buffer; allocates nothing.
    /// </summary>
    public static class DnsAnswer
    {
        /// <summary>The size of a DNS message over UDP without EDNS: the longest query read and answer written.</summary>
        public const int MaxMessageBytes = 512;

        /// <summary>How long a client may keep the answer: short, since the address is the setup access point's.</summary>
        public const int TtlSeconds = 60;

        private const int HeaderBytes = 12;
        private const int TypeA = 1;
        private const int TypeAny = 255;
        private const int ClassIn = 1;
        private const int ClassAny = 255;
        private const int FormatError = 1;
        private const int NotImplemented = 4;

        /// <summary>
        /// Writes the answer to the query in <paramref name="query"/> (<paramref name="length"/> bytes) into
        /// <paramref name="answer"/> (at least <see cref="MaxMessageBytes"/>) and returns its length, or 0 when nothing
        /// is to be sent. <paramref name="address"/> is the device's IPv4 address, 4 bytes.
        /// </summary>
        public static int Write(byte[] query, int length, byte[] address, byte[] answer)
        {
            if (length < HeaderBytes || length > query.Length || (query[2] & 0x80) != 0)
            {
                return 0;
            }

            int opcode = (query[2] >> 3) & 0x0F;
            if (opcode != 0)
            {
                return HeaderOnly(query, answer, NotImplemented);
            }

            int questions = (query[4] << 8) | query[5];
            if (questions != 1 || length > MaxMessageBytes)
            {
                return HeaderOnly(query, answer, FormatError);
            }

            // The name: labels of 1 to 63 bytes, at most 255 bytes in all, ending with the root; no compression in a query.
            int at = HeaderBytes;
            int nameBytes = 0;
            while (true)
            {
                if (at >= length)
                {
                    return HeaderOnly(query, answer, FormatError);
                }

                int label = query[at];
                if (label == 0)
                {
                    at++;
                    break;
                }

                nameBytes += label + 1;
                if (label > 63 || nameBytes > 254)
                {
                    return HeaderOnly(query, answer, FormatError);
                }

                at += label + 1;
            }

            if (at + 4 > length)
            {
                return HeaderOnly(query, answer, FormatError);
            }

            int type = (query[at] << 8) | query[at + 1];
            int klass = (query[at + 2] << 8) | query[at + 3];
            int questionEnd = at + 4;
            bool answered = (type == TypeA || type == TypeAny) && (klass == ClassIn || klass == ClassAny);
            for (int i = 0; i < questionEnd; i++)
            {
                answer[i] = query[i];
            }

            Flags(query, answer, 0);
            answer[4] = 0;
            answer[5] = 1;
            answer[6] = 0;
            answer[7] = (byte)(answered ? 1 : 0);
            answer[8] = 0;
            answer[9] = 0;
            answer[10] = 0;
            answer[11] = 0;
            if (!answered)
            {
                return questionEnd;
            }

            int p = questionEnd;
            answer[p++] = 0xC0;                 // the name: a pointer to the question's, at offset 12
            answer[p++] = HeaderBytes;
            answer[p++] = 0;
            answer[p++] = TypeA;
            answer[p++] = 0;
            answer[p++] = ClassIn;
            answer[p++] = (byte)(TtlSeconds >> 24);
            answer[p++] = (byte)(TtlSeconds >> 16);
            answer[p++] = (byte)(TtlSeconds >> 8);
            answer[p++] = (byte)TtlSeconds;
            answer[p++] = 0;
            answer[p++] = 4;
            for (int i = 0; i < 4; i++)
            {
                answer[p++] = address[i];
            }

            return p;
        }

        /// <summary>Parses a dotted IPv4 address into 4 bytes; null when it is not one.</summary>
        public static byte[] ParseAddress(string dotted)
        {
            if (dotted == null)
            {
                return null;
            }

            byte[] address = new byte[4];
            int part = 0;
            int value = -1;
            for (int i = 0; i <= dotted.Length; i++)
            {
                char c = i < dotted.Length ? dotted[i] : '.';
                if (c == '.')
                {
                    if (value < 0 || part > 3)
                    {
                        return null;
                    }

                    address[part++] = (byte)value;
                    value = -1;
                }
                else if (c >= '0' && c <= '9')
                {
                    value = (value < 0 ? 0 : value * 10) + (c - '0');
                    if (value > 255)
                    {
                        return null;
                    }
                }
                else
                {
                    return null;
                }
            }

            return part == 4 ? address : null;
        }

        private static int HeaderOnly(byte[] query, byte[] answer, int code)
        {
            answer[0] = query[0];
            answer[1] = query[1];
            Flags(query, answer, code);
            for (int i = 4; i < HeaderBytes; i++)
            {
                answer[i] = 0;
            }

            return HeaderBytes;
        }

        /// <summary>A response (QR), the query's opcode, authoritative (AA), the query's RD, no recursion available, the code.</summary>
        private static void Flags(byte[] query, byte[] answer, int code)
        {
            answer[2] = (byte)(0x80 | (query[2] & 0x78) | 0x04 | (query[2] & 0x01));
            answer[3] = (byte)code;
        }
    }
}
