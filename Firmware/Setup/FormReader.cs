using Firmware.Text;

namespace Firmware.Setup
{
    /// <summary>
    /// Reads an application/x-www-form-urlencoded body onto a <see cref="SetupForm"/>: '+' is a space, %HH a byte, the
    /// bytes are UTF-8. A malformed escape, a field given twice or a value longer than its field allows refuses the whole
    /// form with a reason (<see cref="Error"/>); fields the form does not have are ignored (a browser adds its button's).
    /// Each value is decoded into one scratch buffer, so a hostile body costs no more than its own size.
    /// </summary>
    public sealed class FormReader
    {
        /// <summary>The longest value of the CA field (a PEM certificate, as the configuration accepts it).</summary>
        public const int MaxCertificateLength = 4096;

        /// <summary>The longest value of any other field: a host name's 253 characters, with room for a longer wrong one.</summary>
        public const int MaxFieldLength = 512;

        /// <summary>The form's field names, in the order of the switch below.</summary>
        private static readonly string[] Fields = { "ssid", "other", "wpass", "host", "port", "tls", "ca", "user", "pass", "prefix", "name" };

        // A value decodes to no more bytes than the body has.
        private readonly byte[] _value = new byte[HttpRequestParser.MaxBodyBytes];
        private int _seen;

        /// <summary>Why the last form was refused, or null.</summary>
        public string Error { get; private set; }

        /// <summary>Reads the body; false (and <see cref="Error"/>) when it is malformed. The form is cleared first.</summary>
        public bool Read(byte[] body, int offset, int count, SetupForm form)
        {
            form.Clear();
            Error = null;
            _seen = 0;
            int end = offset + count;
            int at = offset;
            while (at < end)
            {
                int pairEnd = IndexOf(body, (byte)'&', at, end);
                if (pairEnd < 0)
                {
                    pairEnd = end;
                }

                if (pairEnd > at && !ReadPair(body, at, pairEnd, form))
                {
                    return false;
                }

                at = pairEnd + 1;
            }

            return true;
        }

        private bool ReadPair(byte[] body, int start, int end, SetupForm form)
        {
            int equals = IndexOf(body, (byte)'=', start, end);
            int nameEnd = equals < 0 ? end : equals;
            int field = FieldOf(body, start, nameEnd);
            if (field < 0)
            {
                return true;
            }

            int bit = 1 << field;
            if ((_seen & bit) != 0)
            {
                return Fail("the form field '" + Name(field) + "' appears twice");
            }

            _seen |= bit;
            int limit = field == 6 ? MaxCertificateLength : MaxFieldLength;
            string value = equals < 0 ? string.Empty : Decode(body, equals + 1, end, field, limit);
            if (value == null)
            {
                return false;
            }

            switch (field)
            {
                case 0: form.Ssid = value; break;
                case 1: form.OtherSsid = value; break;
                case 2: form.WifiPassword = value; break;
                case 3: form.BrokerHost = value; break;
                case 4: form.BrokerPort = value; break;
                case 5: form.Tls = value.Length > 0 && value != "0" && value != "off"; break;
                case 6: form.CaCertificate = value; break;
                case 7: form.UserName = value; break;
                case 8: form.Password = value; break;
                case 9: form.TopicPrefix = value; break;
                default: form.DeviceName = value; break;
            }

            return true;
        }

        /// <summary>Decodes one value; null (and <see cref="Error"/>) when it is malformed or too long.</summary>
        private string Decode(byte[] body, int start, int end, int field, int limit)
        {
            int n = 0;
            for (int i = start; i < end; i++)
            {
                int b = body[i];
                if (b == '+')
                {
                    b = ' ';
                }
                else if (b == '%')
                {
                    int high = i + 1 < end ? HexValue(body[i + 1]) : -1;
                    int low = i + 2 < end ? HexValue(body[i + 2]) : -1;
                    if (high < 0 || low < 0)
                    {
                        Fail("the form field '" + Name(field) + "' has a malformed %-escape");
                        return null;
                    }

                    b = (high << 4) | low;
                    i += 2;
                }

                if (n == _value.Length)
                {
                    Fail("the form field '" + Name(field) + "' is longer than " + limit.ToString() + " characters");
                    return null;
                }

                _value[n++] = (byte)b;
            }

            string value = Utf8.Decode(_value, 0, n);
            if (value.Length > limit)
            {
                Fail("the form field '" + Name(field) + "' is longer than " + limit.ToString() + " characters");
                return null;
            }

            return value;
        }

        /// <summary>The index of a field name in <see cref="Fields"/>, or -1 for a name the form does not have.</summary>
        private static int FieldOf(byte[] body, int start, int end)
        {
            for (int f = 0; f < Fields.Length; f++)
            {
                string name = Fields[f];
                bool same = name.Length == end - start;
                for (int i = 0; i < name.Length && same; i++)
                {
                    same = body[start + i] == (byte)name[i];
                }

                if (same)
                {
                    return f;
                }
            }

            return -1;
        }

        private static string Name(int field)
        {
            return Fields[field];
        }

        private bool Fail(string error)
        {
            Error = error;
            return false;
        }

        private static int IndexOf(byte[] body, byte value, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (body[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int HexValue(byte b)
        {
            if (b >= '0' && b <= '9')
            {
                return b - '0';
            }

            if (b >= 'a' && b <= 'f')
            {
                return b - 'a' + 10;
            }

            return b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
        }
    }
}
