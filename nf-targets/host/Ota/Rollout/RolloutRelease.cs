namespace Firmware.Host.Ota.Rollout
{
    /// <summary>A signed release as a rollout keeps it: its version and its manifest, announced as it is.</summary>
    public sealed class RolloutRelease
    {
        public string Version { get; set; }

        /// <summary>The signed manifest's bytes (base64 in the state file).</summary>
        public byte[] Manifest { get; set; }

        /// <summary>Reads a signed firmware manifest's version; a manifest that does not parse, or a key update, is refused.</summary>
        public static RolloutRelease Of(byte[] manifest, string what)
        {
            Firmware.Ota.ManifestReader reader = new Firmware.Ota.ManifestReader();
            Firmware.Ota.Manifest m = new Firmware.Ota.Manifest();
            if (!reader.Read(manifest, 0, manifest.Length, m))
            {
                throw new System.IO.InvalidDataException($"{what} is not a valid manifest: {reader.Reason} ({reader.Detail})");
            }

            if (m.Kind != Firmware.Ota.ManifestFormat.KindFirmware)
            {
                throw new System.IO.InvalidDataException($"{what} is a key update, not a firmware release");
            }

            return new RolloutRelease { Version = m.VersionText, Manifest = manifest };
        }
    }
}
