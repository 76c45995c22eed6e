using System;
using System.Security.Cryptography;

namespace Firmware.Host.Ota
{
    /// <summary>What a firmware manifest says about an image.</summary>
    public sealed class FirmwareRelease
    {
        public string HardwareModel { get; set; }

        public SemanticVersion Version { get; set; }

        public long SecurityCounter { get; set; }

        /// <summary>Lowest runtime (nanoCLR) version: four numbers.</summary>
        public int[] RuntimeVersion { get; set; } = { 1, 0, 0, 0 };

        public int ImageSize { get; set; }

        public byte[] ImageSha256 { get; set; }

        public int ChunkSize { get; set; } = 4096;

        public string ImageUrl { get; set; }

        /// <summary>The signing key's public half (the manifest carries its id).</summary>
        public byte[] SigningPublicKey { get; set; }

        /// <summary>Size and SHA-256 from the image's bytes.</summary>
        public FirmwareRelease ForImage(byte[] image)
        {
            ImageSize = image.Length;
            ImageSha256 = SHA256.HashData(image);
            return this;
        }
    }
}
