namespace Firmware.Control
{
    /// <summary>
    /// A compact, versioned binary form of <see cref="ThermostatSettings"/> for the state store: a version byte,
    /// then six little-endian 32-bit integers (setpoint, hysteresis, minimum on, minimum off, maximum on,
    /// cut-off) and the mode (0 heat, 1 off). Version 1 (25 bytes, before the mode) still decodes, as "heat".
    /// Decoding checks the version, the length and the values, so a damaged or foreign record is rejected with a
    /// reason rather than applied.
    /// </summary>
    public static class ThermostatSettingsCodec
    {
        public const byte Version = 2;
        public const int EncodedLength = 26;

        /// <summary>The length of a version 1 record, written by firmware before the mode.</summary>
        public const int Version1Length = 25;

        /// <summary>Writes <see cref="EncodedLength"/> bytes at <paramref name="offset"/>; returns the count.</summary>
        public static int Encode(ThermostatSettings settings, byte[] buffer, int offset)
        {
            if (buffer.Length - offset < EncodedLength)
            {
                throw new System.ArgumentException("the buffer holds fewer than " + EncodedLength.ToString() + " bytes from the offset");
            }

            buffer[offset] = Version;
            Put(buffer, offset + 1, settings.SetpointCenti);
            Put(buffer, offset + 5, settings.HysteresisCenti);
            Put(buffer, offset + 9, settings.MinimumOnSeconds);
            Put(buffer, offset + 13, settings.MinimumOffSeconds);
            Put(buffer, offset + 17, settings.MaximumOnSeconds);
            Put(buffer, offset + 21, settings.CutoffCenti);
            buffer[offset + 25] = (byte)(settings.IsOff ? 1 : 0);
            return EncodedLength;
        }

        /// <summary>The settings in the record, or null with the reason in <paramref name="error"/>.</summary>
        public static ThermostatSettings Decode(byte[] buffer, int offset, int count, out string error)
        {
            if (count < 1)
            {
                error = "thermostat settings record is empty";
                return null;
            }

            int version = buffer[offset];
            if (version != Version && version != 1)
            {
                error = "thermostat settings record has version " + version.ToString() + "; this firmware reads versions 1 and " + Version.ToString();
                return null;
            }

            int expected = version == 1 ? Version1Length : EncodedLength;
            if (count != expected)
            {
                error = "thermostat settings record is " + count.ToString() + " bytes, not " + expected.ToString();
                return null;
            }

            if (version == Version && buffer[offset + 25] > 1)
            {
                error = "thermostat settings record has mode " + buffer[offset + 25].ToString() + " (0 heat, 1 off)";
                return null;
            }

            ThermostatSettings settings = new ThermostatSettings();
            settings.SetpointCenti = Get(buffer, offset + 1);
            settings.HysteresisCenti = Get(buffer, offset + 5);
            settings.MinimumOnSeconds = Get(buffer, offset + 9);
            settings.MinimumOffSeconds = Get(buffer, offset + 13);
            settings.MaximumOnSeconds = Get(buffer, offset + 17);
            settings.CutoffCenti = Get(buffer, offset + 21);
            settings.Mode = version == Version && buffer[offset + 25] == 1 ? ThermostatSettings.ModeOff : ThermostatSettings.ModeHeat;
            string invalid = settings.Validate();
            if (invalid != null)
            {
                error = "thermostat settings record is invalid: " + invalid;
                return null;
            }

            error = null;
            return settings;
        }

        private static void Put(byte[] b, int i, int value)
        {
            b[i] = (byte)value;
            b[i + 1] = (byte)(value >> 8);
            b[i + 2] = (byte)(value >> 16);
            b[i + 3] = (byte)(value >> 24);
        }

        private static int Get(byte[] b, int i)
        {
            return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
        }
    }
}
