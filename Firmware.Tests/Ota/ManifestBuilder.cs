namespace Firmware.Tests.Ota
{
    /// <summary>
    /// Writes manifest bytes field by field for the parser's tests, with a zero signature (the parser checks
    /// structure only; signatures are the agent's job).
    /// </summary>
    public sealed class ManifestBuilder
    {
        private readonly byte[] _body = new byte[2048];
        private int _length;

        public ManifestBuilder()
        {
            Magic = new byte[] { (byte)'O', (byte)'T', (byte)'A', (byte)'M' };
            Format = 1;
            Kind = 1;
        }

        public byte[] Magic { get; set; }

        public int Format { get; set; }

        public int Kind { get; set; }

        /// <summary>A firmware manifest with every field valid.</summary>
        public static ManifestBuilder ValidFirmware()
        {
            ManifestBuilder b = new ManifestBuilder();
            b.Ascii(0x01, "test-board");
            b.Field(0x02, new byte[] { 2, 0, 1, 0, 3, 0 });
            b.Field(0x03, new byte[] { 7, 0, 0, 0 });
            b.Field(0x04, new byte[] { 1, 0, 17, 0, 0, 0, 0, 0 });
            b.Field(0x05, new byte[] { 0x88, 0x13, 0, 0 });
            b.Field(0x06, Filled(32, 0xAB));
            b.Field(0x07, new byte[] { 0, 4, 0, 0 });
            b.Field(0x08, Filled(8, 0x11));
            b.Ascii(0x09, "http://ota.test/v2.bin");
            return b;
        }

        public static byte[] Filled(int count, byte value)
        {
            byte[] r = new byte[count];
            for (int i = 0; i < count; i++)
            {
                r[i] = value;
            }

            return r;
        }

        public ManifestBuilder Field(int tag, byte[] value)
        {
            return Field(tag, value.Length, value);
        }

        /// <summary>A field whose header declares <paramref name="declaredLength"/> bytes, whatever follows.</summary>
        public ManifestBuilder Field(int tag, int declaredLength, byte[] value)
        {
            _body[_length++] = (byte)tag;
            _body[_length++] = (byte)declaredLength;
            _body[_length++] = (byte)(declaredLength >> 8);
            System.Array.Copy(value, 0, _body, _length, value.Length);
            _length += value.Length;
            return this;
        }

        public ManifestBuilder Ascii(int tag, string text)
        {
            byte[] b = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                b[i] = (byte)text[i];
            }

            return Field(tag, b);
        }

        /// <summary>Header, body and a zero signature; <paramref name="bodyLengthDelta"/> falsifies the header's length.</summary>
        public byte[] Build(int bodyLengthDelta)
        {
            int bodyLength = _length + bodyLengthDelta;
            byte[] m = new byte[8 + _length + 64];
            System.Array.Copy(Magic, 0, m, 0, 4);
            m[4] = (byte)Format;
            m[5] = (byte)Kind;
            m[6] = (byte)bodyLength;
            m[7] = (byte)(bodyLength >> 8);
            System.Array.Copy(_body, 0, m, 8, _length);
            return m;
        }

        public byte[] Build()
        {
            return Build(0);
        }
    }
}
