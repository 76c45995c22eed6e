using Firmware.Storage;

namespace Firmware.Boot
{
    /// <summary>
    /// What a slot holds: the image's version, security counter, size and SHA-256, the chunk size it is
    /// staged in, and the identity (SHA-256) of the signed manifest that announced it. Stored at the start
    /// of the slot's header sector, followed by the manifest itself, under one CRC-32.
    /// <para>
    /// Encoding (<see cref="FixedSize"/> bytes, little-endian): magic "SLOT" (4), format (1), flags (1, bit 0:
    /// installed in the factory, without a manifest), manifest length (2), version major, minor, patch (2 each),
    /// reserved (2), security counter (4), image size (4), chunk size (4), image SHA-256 (32), manifest
    /// digest (32), CRC-32 of the preceding bytes and the manifest (4).
    /// </para>
    /// </summary>
    public sealed class SlotDescriptor
    {
        /// <summary>Bytes of the fixed part.</summary>
        public const int FixedSize = 96;

        /// <summary>Largest manifest stored with a slot.</summary>
        public const int ManifestCapacity = 1024;

        /// <summary>Size of a SHA-256 digest.</summary>
        public const int DigestSize = 32;

        private const uint Magic = 0x544F4C53; // "SLOT"
        private const int Format = 1;
        private const int CrcOffset = FixedSize - 4;

        public SlotDescriptor()
        {
            ImageSha256 = new byte[DigestSize];
            ManifestDigest = new byte[DigestSize];
        }

        /// <summary>True for an image installed in the factory (no signed manifest; its hash may be zero).</summary>
        public bool Factory { get; set; }

        public int VersionMajor { get; set; }

        public int VersionMinor { get; set; }

        public int VersionPatch { get; set; }

        public long SecurityCounter { get; set; }

        public int ImageSize { get; set; }

        public int ChunkSize { get; set; }

        /// <summary>SHA-256 of the image (32 bytes).</summary>
        public byte[] ImageSha256 { get; private set; }

        /// <summary>SHA-256 of the manifest that announced the image (32 bytes); all zero for a factory image.</summary>
        public byte[] ManifestDigest { get; private set; }

        /// <summary>Bytes of the manifest stored after the fixed part (0 for a factory image).</summary>
        public int ManifestLength { get; set; }

        /// <summary>The version as "major.minor.patch".</summary>
        public string VersionText
        {
            get { return FormatVersion(VersionMajor, VersionMinor, VersionPatch); }
        }

        public static string FormatVersion(int major, int minor, int patch)
        {
            return major.ToString() + "." + minor.ToString() + "." + patch.ToString();
        }

        /// <summary>True when both describe the same image version (major, minor and patch).</summary>
        public bool SameVersion(int major, int minor, int patch)
        {
            return VersionMajor == major && VersionMinor == minor && VersionPatch == patch;
        }

        public void CopyFrom(SlotDescriptor other)
        {
            Factory = other.Factory;
            VersionMajor = other.VersionMajor;
            VersionMinor = other.VersionMinor;
            VersionPatch = other.VersionPatch;
            SecurityCounter = other.SecurityCounter;
            ImageSize = other.ImageSize;
            ChunkSize = other.ChunkSize;
            ManifestLength = other.ManifestLength;
            System.Array.Copy(other.ImageSha256, ImageSha256, DigestSize);
            System.Array.Copy(other.ManifestDigest, ManifestDigest, DigestSize);
        }

        /// <summary>
        /// Writes the fixed part into <paramref name="buffer"/> at <paramref name="offset"/>; the manifest
        /// (<see cref="ManifestLength"/> bytes) must already follow it there, since the CRC covers it.
        /// </summary>
        public void Encode(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt32(buffer, offset, Magic);
            buffer[offset + 4] = Format;
            buffer[offset + 5] = (byte)(Factory ? 1 : 0);
            LittleEndian.WriteUInt16(buffer, offset + 6, ManifestLength);
            LittleEndian.WriteUInt16(buffer, offset + 8, VersionMajor);
            LittleEndian.WriteUInt16(buffer, offset + 10, VersionMinor);
            LittleEndian.WriteUInt16(buffer, offset + 12, VersionPatch);
            LittleEndian.WriteUInt16(buffer, offset + 14, 0);
            LittleEndian.WriteUInt32(buffer, offset + 16, (uint)SecurityCounter);
            LittleEndian.WriteUInt32(buffer, offset + 20, (uint)ImageSize);
            LittleEndian.WriteUInt32(buffer, offset + 24, (uint)ChunkSize);
            System.Array.Copy(ImageSha256, 0, buffer, offset + 28, DigestSize);
            System.Array.Copy(ManifestDigest, 0, buffer, offset + 60, DigestSize);
            uint crc = Crc32.Compute(buffer, offset, CrcOffset);
            crc = Crc32.Continue(crc, buffer, offset + FixedSize, ManifestLength);
            LittleEndian.WriteUInt32(buffer, offset + CrcOffset, crc);
        }

        /// <summary>
        /// The manifest length the fixed part at <paramref name="offset"/> announces, or -1 when it is not a
        /// descriptor (so the caller knows how many bytes to read before <see cref="Decode"/>).
        /// </summary>
        public static int PeekManifestLength(byte[] buffer, int offset)
        {
            if (LittleEndian.ReadUInt32(buffer, offset) != Magic || buffer[offset + 4] != Format)
            {
                return -1;
            }

            int length = LittleEndian.ReadUInt16(buffer, offset + 6);
            return length > ManifestCapacity ? -1 : length;
        }

        /// <summary>
        /// Decodes a descriptor whose fixed part and manifest are in <paramref name="buffer"/> at
        /// <paramref name="offset"/>. False (this object unchanged) when it is absent, torn or inconsistent.
        /// </summary>
        public bool Decode(byte[] buffer, int offset)
        {
            int manifestLength = PeekManifestLength(buffer, offset);
            if (manifestLength < 0 || buffer[offset + 5] > 1 || LittleEndian.ReadUInt16(buffer, offset + 14) != 0)
            {
                return false;
            }

            uint crc = Crc32.Compute(buffer, offset, CrcOffset);
            crc = Crc32.Continue(crc, buffer, offset + FixedSize, manifestLength);
            if (crc != LittleEndian.ReadUInt32(buffer, offset + CrcOffset))
            {
                return false;
            }

            uint imageSize = LittleEndian.ReadUInt32(buffer, offset + 20);
            uint chunkSize = LittleEndian.ReadUInt32(buffer, offset + 24);
            if (imageSize == 0 || imageSize > int.MaxValue || chunkSize == 0 || chunkSize > int.MaxValue)
            {
                return false;
            }

            Factory = buffer[offset + 5] == 1;
            ManifestLength = manifestLength;
            VersionMajor = LittleEndian.ReadUInt16(buffer, offset + 8);
            VersionMinor = LittleEndian.ReadUInt16(buffer, offset + 10);
            VersionPatch = LittleEndian.ReadUInt16(buffer, offset + 12);
            SecurityCounter = LittleEndian.ReadUInt32(buffer, offset + 16);
            ImageSize = (int)imageSize;
            ChunkSize = (int)chunkSize;
            System.Array.Copy(buffer, offset + 28, ImageSha256, 0, DigestSize);
            System.Array.Copy(buffer, offset + 60, ManifestDigest, 0, DigestSize);
            return true;
        }
    }
}
