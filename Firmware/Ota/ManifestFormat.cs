namespace Firmware.Ota
{
    /// <summary>
    /// The signed manifest's binary format (format 1; docs/ota.md describes it for people and tools).
    /// <para>
    /// Header (8 bytes): magic "OTAM", format (1), kind (1: firmware image, 2: key update), body length (2,
    /// little-endian). Body: fields, each a tag (1), a length (2, little-endian) and a value, in strictly
    /// increasing tag order (so each at most once). Then the Ed25519 signature (64 bytes) over everything
    /// before it. At most <see cref="MaxSize"/> bytes in all.
    /// </para>
    /// </summary>
    public static class ManifestFormat
    {
        public const int HeaderSize = 8;

        public const int SignatureSize = 64;

        /// <summary>Largest manifest, signature included.</summary>
        public const int MaxSize = 1024;

        /// <summary>The format this firmware reads and the host tool writes.</summary>
        public const int Version = 1;

        public const byte Magic0 = (byte)'O';
        public const byte Magic1 = (byte)'T';
        public const byte Magic2 = (byte)'A';
        public const byte Magic3 = (byte)'M';

        /// <summary>A firmware image (a bundle) for a slot.</summary>
        public const int KindFirmware = 1;

        /// <summary>Adds or revokes trusted public keys.</summary>
        public const int KindKeyUpdate = 2;

        /// <summary>The hardware model the manifest is for (1 to 32 ASCII letters, digits, '.', '_', '-').</summary>
        public const int TagHardwareModel = 0x01;

        /// <summary>The image's semantic version: major, minor, patch (2 bytes each).</summary>
        public const int TagVersion = 0x02;

        /// <summary>The image's security counter (4 bytes); devices refuse counters below their minimum.</summary>
        public const int TagSecurityCounter = 0x03;

        /// <summary>The lowest runtime (nanoCLR) version the image runs on: major, minor, build, revision (2 bytes each).</summary>
        public const int TagRuntimeVersion = 0x04;

        /// <summary>The image's size in bytes (4 bytes).</summary>
        public const int TagImageSize = 0x05;

        /// <summary>The image's SHA-256 (32 bytes).</summary>
        public const int TagImageSha256 = 0x06;

        /// <summary>Download chunk size (4 bytes): a power of two from <see cref="MinChunkSize"/> to <see cref="MaxChunkSize"/>.</summary>
        public const int TagChunkSize = 0x07;

        /// <summary>The signing key's id: the first 8 bytes of the SHA-256 of its public key.</summary>
        public const int TagKeyId = 0x08;

        /// <summary>Where the image is fetched with HTTP Range requests (http:// or https://, printable ASCII).</summary>
        public const int TagImageUrl = 0x09;

        /// <summary>Key updates only: the key set's sequence number (4 bytes); each update must be newer than the last.</summary>
        public const int TagKeySequence = 0x10;

        /// <summary>Key updates only: public keys to trust (1 to 4 keys of 32 bytes).</summary>
        public const int TagAddKeys = 0x11;

        /// <summary>Key updates only: ids of keys to revoke (1 to 4 ids of 8 bytes).</summary>
        public const int TagRevokeKeys = 0x12;

        public const int KeyIdSize = 8;

        public const int PublicKeySize = 32;

        public const int MaxHardwareModelLength = 32;

        public const int MaxUrlLength = 256;

        public const int MinChunkSize = 512;

        public const int MaxChunkSize = 32768;

        public const int MaxImageSize = 16 * 1024 * 1024;

        public const int MaxKeysPerUpdate = 4;
    }
}
