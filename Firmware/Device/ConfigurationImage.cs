namespace Firmware.Device
{
    /// <summary>
    /// What the configuration's document store holds: the broker's configuration document alone (a JSON object, as
    /// before setup existed), or the settings stored by setup followed by the broker's document, if any:
    /// <code>
    ///   0x01 'S' | length of the settings, u16 little-endian | the settings (JSON, like device.json) | the document (JSON, or nothing)
    /// </code>
    /// A JSON text never starts with byte 0x01, so the two forms cannot be mistaken for each other.
    /// </summary>
    public static class ConfigurationImage
    {
        public const int HeaderBytes = 4;

        private const byte Marker = 0x01;
        private const byte Kind = 0x53;

        /// <summary>
        /// Splits <paramref name="length"/> stored bytes into the settings and the document; a length of 0 is "none".
        /// False when the image claims settings it does not hold (rot the checksum missed cannot get here, but a bug could).
        /// </summary>
        public static bool Split(byte[] image, int length, out int settingsOffset, out int settingsLength, out int documentOffset, out int documentLength)
        {
            settingsOffset = 0;
            settingsLength = 0;
            documentOffset = 0;
            documentLength = length;
            if (length < 1 || image[0] != Marker)
            {
                return true;
            }

            if (length < HeaderBytes || image[1] != Kind)
            {
                documentLength = 0;
                return false;
            }

            int settings = image[2] | (image[3] << 8);
            if (HeaderBytes + settings > length)
            {
                documentLength = 0;
                return false;
            }

            settingsOffset = HeaderBytes;
            settingsLength = settings;
            documentOffset = HeaderBytes + settings;
            documentLength = length - documentOffset;
            return true;
        }

        /// <summary>
        /// Writes the settings and the document into <paramref name="image"/> and returns the image's length, or -1 when
        /// they do not fit (or the settings pass 65535 bytes). Without settings the image is the document alone.
        /// </summary>
        public static int Compose(byte[] settings, int settingsOffset, int settingsLength, byte[] document, int documentOffset, int documentLength, byte[] image)
        {
            if (settingsLength == 0)
            {
                if (documentLength > image.Length)
                {
                    return -1;
                }

                if (documentLength == 0)
                {
                    return 0;
                }

                System.Array.Copy(document, documentOffset, image, 0, documentLength);
                return documentLength;
            }

            int length = HeaderBytes + settingsLength + documentLength;
            if (settingsLength > 0xFFFF || length > image.Length)
            {
                return -1;
            }

            image[0] = Marker;
            image[1] = Kind;
            image[2] = (byte)settingsLength;
            image[3] = (byte)(settingsLength >> 8);
            System.Array.Copy(settings, settingsOffset, image, HeaderBytes, settingsLength);
            if (documentLength > 0)
            {
                System.Array.Copy(document, documentOffset, image, HeaderBytes + settingsLength, documentLength);
            }

            return length;
        }
    }
}
