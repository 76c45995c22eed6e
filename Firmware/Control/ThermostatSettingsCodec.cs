namespace Firmware.Control
{
    /// <summary>
    /// A compact, versioned binary form of <see cref="ThermostatSettings"/> for the state store: a version byte,
    /// then six little-endian 32-bit integers (setpoint, hysteresis, minimum on, minimum off, maximum on,
    /// cut-off). Decoding checks the version, the length and the values, so a damaged or foreign record is
    /// rejected with a reason rather than applied.
    /// </summary>
    public static class ThermostatSettingsCodec
    {
        public const byte Version = 1;
        public const int EncodedLength = 25;

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

            if (buffer[offset] != Version)
            {
                error = "thermostat settings record has version " + buffer[offset].ToString() + "; this firmware reads version " + Version.ToString();
                return null;
            }

            if (count != EncodedLength)
            {
                error = "thermostat settings record is " + count.ToString() + " bytes, not " + EncodedLength.ToString();
                return null;
            }

            ThermostatSettings settings = new ThermostatSettings();
            settings.SetpointCenti = Get(buffer, offset + 1);
            settings.HysteresisCenti = Get(buffer, offset + 5);
            settings.MinimumOnSeconds = Get(buffer, offset + 9);
            settings.MinimumOffSeconds = Get(buffer, offset + 13);
            settings.MaximumOnSeconds = Get(buffer, offset + 17);
            settings.CutoffCenti = Get(buffer, offset + 21);
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
