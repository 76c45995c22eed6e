using Firmware.Boot;

namespace Firmware.Ota
{
    /// <summary>A parsed manifest (see <see cref="ManifestFormat"/>). Filled by <see cref="ManifestReader"/>; reused.</summary>
    public sealed class Manifest
    {
        public Manifest()
        {
            RuntimeVersion = new int[4];
            ImageSha256 = new byte[32];
            KeyId = new byte[ManifestFormat.KeyIdSize];
            AddedKeys = new byte[ManifestFormat.MaxKeysPerUpdate * ManifestFormat.PublicKeySize];
            RevokedKeyIds = new byte[ManifestFormat.MaxKeysPerUpdate * ManifestFormat.KeyIdSize];
        }

        /// <summary><see cref="ManifestFormat.KindFirmware"/> or <see cref="ManifestFormat.KindKeyUpdate"/>.</summary>
        public int Kind { get; set; }

        public string HardwareModel { get; set; }

        public int VersionMajor { get; set; }

        public int VersionMinor { get; set; }

        public int VersionPatch { get; set; }

        public long SecurityCounter { get; set; }

        /// <summary>Lowest runtime version: major, minor, build, revision.</summary>
        public int[] RuntimeVersion { get; private set; }

        public int ImageSize { get; set; }

        public byte[] ImageSha256 { get; private set; }

        public int ChunkSize { get; set; }

        /// <summary>The signing key's id (8 bytes).</summary>
        public byte[] KeyId { get; private set; }

        public string ImageUrl { get; set; }

        public long KeySequence { get; set; }

        /// <summary>Keys a key update adds: <see cref="AddedKeyCount"/> keys of 32 bytes, back to back.</summary>
        public byte[] AddedKeys { get; private set; }

        public int AddedKeyCount { get; set; }

        /// <summary>Ids a key update revokes: <see cref="RevokedKeyCount"/> ids of 8 bytes, back to back.</summary>
        public byte[] RevokedKeyIds { get; private set; }

        public int RevokedKeyCount { get; set; }

        /// <summary>Bytes covered by the signature; the signature follows them.</summary>
        public int SignedLength { get; set; }

        public string VersionText
        {
            get { return SlotDescriptor.FormatVersion(VersionMajor, VersionMinor, VersionPatch); }
        }

        /// <summary>Clears every field, so nothing of an earlier manifest survives a failed parse.</summary>
        public void Clear()
        {
            Kind = 0;
            HardwareModel = null;
            VersionMajor = 0;
            VersionMinor = 0;
            VersionPatch = 0;
            SecurityCounter = 0;
            System.Array.Clear(RuntimeVersion, 0, RuntimeVersion.Length);
            ImageSize = 0;
            System.Array.Clear(ImageSha256, 0, ImageSha256.Length);
            ChunkSize = 0;
            System.Array.Clear(KeyId, 0, KeyId.Length);
            ImageUrl = null;
            KeySequence = 0;
            AddedKeyCount = 0;
            RevokedKeyCount = 0;
            SignedLength = 0;
        }
    }
}
