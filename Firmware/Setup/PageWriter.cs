using Firmware.Text;

namespace Firmware.Setup
{
    /// <summary>
    /// Writes a page as UTF-8 into a caller's buffer: markup as it is, text escaped for HTML (also inside attribute
    /// values), numbers. When something does not fit, writing stops and <see cref="Overflowed"/> is set.
    /// </summary>
    public sealed class PageWriter
    {
        private byte[] _buffer;
        private int _position;

        public bool Overflowed { get; private set; }

        public int Length
        {
            get { return _position; }
        }

        public byte[] Buffer
        {
            get { return _buffer; }
        }

        public void Reset(byte[] buffer)
        {
            _buffer = buffer;
            _position = 0;
            Overflowed = false;
        }

        /// <summary>Markup, written as it is.</summary>
        public PageWriter Raw(string markup)
        {
            if (Overflowed)
            {
                return this;
            }

            int end = Utf8.Encode(markup, _buffer, _position, _buffer.Length);
            if (end < 0)
            {
                Overflowed = true;
            }
            else
            {
                _position = end;
            }

            return this;
        }

        /// <summary>Text, with &amp;, &lt;, &gt;, " and ' escaped, so it is safe in content and in quoted attribute values.</summary>
        public PageWriter Text(string text)
        {
            for (int i = 0; i < text.Length && !Overflowed; i++)
            {
                int units;
                int c = Utf8.CodePointAt(text, i, out units);
                i += units - 1;
                switch (c)
                {
                    case '&': Raw("&amp;"); break;
                    case '<': Raw("&lt;"); break;
                    case '>': Raw("&gt;"); break;
                    case '"': Raw("&quot;"); break;
                    case '\'': Raw("&#39;"); break;
                    default:
                        int end = Utf8.EncodeCodePoint(c, _buffer, _position, _buffer.Length);
                        if (end < 0)
                        {
                            Overflowed = true;
                        }
                        else
                        {
                            _position = end;
                        }

                        break;
                }
            }

            return this;
        }

        public PageWriter Number(long value)
        {
            return Raw(value.ToString());
        }

        /// <summary>A fixed-point number: <paramref name="value"/> × 10^<paramref name="scale"/> (2150 with scale -2 is "21.5").</summary>
        public PageWriter Fixed(long value, int scale)
        {
            return Raw(FixedPoint.Format(value, scale));
        }
    }
}
