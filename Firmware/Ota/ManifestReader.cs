using Firmware.Boot;
using Firmware.Storage;
using Firmware.Text;

namespace Firmware.Ota
{
    /// <summary>
    /// Strict, bounded parser of manifests (<see cref="ManifestFormat"/>). It checks structure and field values
    /// only, never the signature (that needs the trusted keys: <see cref="AnnounceCheck"/>), and rejects anything
    /// it does not know exactly: another format or kind, an unknown or repeated field, a wrong length, a field
    /// running past the body, bytes after the signature. It reads at most <see cref="ManifestFormat.MaxSize"/>
    /// bytes and allocates only the strings of the fields it returns.
    /// </summary>
    public sealed class ManifestReader
    {
        /// <summary>Why the last <see cref="Read"/> failed (an <see cref="OtaReason"/> word), or null.</summary>
        public string Reason { get; private set; }

        /// <summary>Which part of the manifest was wrong, for people (for example "field 0x07: not a power of two").</summary>
        public string Detail { get; private set; }

        /// <summary>
        /// Parses <paramref name="count"/> bytes into <paramref name="manifest"/>. Returns false, with
        /// <see cref="Reason"/> and <see cref="Detail"/>, when they are not a well-formed manifest; the manifest
        /// is then left cleared, never half filled.
        /// </summary>
        public bool Read(byte[] data, int offset, int count, Manifest manifest)
        {
            Reason = null;
            Detail = null;
            manifest.Clear();
            if (Parse(data, offset, count, manifest))
            {
                return true;
            }

            manifest.Clear();
            return false;
        }

        private bool Parse(byte[] data, int offset, int count, Manifest manifest)
        {
            if (data == null || count < 0 || offset < 0 || offset + count > data.Length)
            {
                return Fail(OtaReason.ManifestTruncated, "no manifest bytes");
            }

            if (count > ManifestFormat.MaxSize)
            {
                return Fail(OtaReason.ManifestTooLarge, count.ToString() + " bytes; at most " + ManifestFormat.MaxSize.ToString());
            }

            if (count < ManifestFormat.HeaderSize + ManifestFormat.SignatureSize)
            {
                return Fail(OtaReason.ManifestTruncated, count.ToString() + " bytes is shorter than a header and a signature");
            }

            if (data[offset] != ManifestFormat.Magic0 || data[offset + 1] != ManifestFormat.Magic1
                || data[offset + 2] != ManifestFormat.Magic2 || data[offset + 3] != ManifestFormat.Magic3)
            {
                return Fail(OtaReason.BadMagic, "does not start with OTAM");
            }

            if (data[offset + 4] != ManifestFormat.Version)
            {
                return Fail(OtaReason.UnknownFormatVersion, "format " + data[offset + 4].ToString() + "; this firmware reads format " + ManifestFormat.Version.ToString());
            }

            int kind = data[offset + 5];
            if (kind != ManifestFormat.KindFirmware && kind != ManifestFormat.KindKeyUpdate)
            {
                return Fail(OtaReason.UnknownKind, "kind " + kind.ToString());
            }

            int bodyLength = LittleEndian.ReadUInt16(data, offset + 6);
            int expected = ManifestFormat.HeaderSize + bodyLength + ManifestFormat.SignatureSize;
            if (expected > count)
            {
                return Fail(OtaReason.ManifestTruncated, "the header announces " + expected.ToString() + " bytes, " + count.ToString() + " arrived");
            }

            if (expected < count)
            {
                return Fail(OtaReason.TrailingBytes, (count - expected).ToString() + " bytes after the signature");
            }

            manifest.Kind = kind;
            int position = offset + ManifestFormat.HeaderSize;
            int end = position + bodyLength;
            int lastTag = 0;
            long seen = 0;
            while (position < end)
            {
                if (position + 3 > end)
                {
                    return Fail(OtaReason.FieldTruncated, "a field header runs past the body");
                }

                int tag = data[position];
                int length = LittleEndian.ReadUInt16(data, position + 1);
                position += 3;
                if (position + length > end)
                {
                    return Fail(OtaReason.FieldTruncated, FieldName(tag) + " runs past the body");
                }

                if (!Allowed(kind, tag))
                {
                    return Fail(OtaReason.UnknownField, FieldName(tag) + " is not a field of this kind of manifest");
                }

                if (tag <= lastTag)
                {
                    return Fail(OtaReason.FieldOutOfOrder, FieldName(tag) + " after " + FieldName(lastTag));
                }

                if (!ReadField(tag, data, position, length, manifest))
                {
                    return false;
                }

                lastTag = tag;
                seen |= 1L << tag;
                position += length;
            }

            int[] required = kind == ManifestFormat.KindFirmware ? FirmwareFields : KeyUpdateFields;
            for (int i = 0; i < required.Length; i++)
            {
                if ((seen & (1L << required[i])) == 0)
                {
                    return Fail(OtaReason.MissingField, FieldName(required[i]) + " is required");
                }
            }

            if (kind == ManifestFormat.KindKeyUpdate
                && (seen & ((1L << ManifestFormat.TagAddKeys) | (1L << ManifestFormat.TagRevokeKeys))) == 0)
            {
                return Fail(OtaReason.MissingField, "a key update adds or revokes at least one key");
            }

            manifest.SignedLength = ManifestFormat.HeaderSize + bodyLength;
            return true;
        }

        private static readonly int[] FirmwareFields = new int[]
        {
            ManifestFormat.TagHardwareModel, ManifestFormat.TagVersion, ManifestFormat.TagSecurityCounter,
            ManifestFormat.TagRuntimeVersion, ManifestFormat.TagImageSize, ManifestFormat.TagImageSha256,
            ManifestFormat.TagChunkSize, ManifestFormat.TagKeyId, ManifestFormat.TagImageUrl,
        };

        private static readonly int[] KeyUpdateFields = new int[]
        {
            ManifestFormat.TagHardwareModel, ManifestFormat.TagKeyId, ManifestFormat.TagKeySequence,
        };

        private static bool Allowed(int kind, int tag)
        {
            if (tag == ManifestFormat.TagHardwareModel || tag == ManifestFormat.TagKeyId)
            {
                return true;
            }

            if (kind == ManifestFormat.KindFirmware)
            {
                return tag >= ManifestFormat.TagVersion && tag <= ManifestFormat.TagImageUrl;
            }

            return tag >= ManifestFormat.TagKeySequence && tag <= ManifestFormat.TagRevokeKeys;
        }

        private bool ReadField(int tag, byte[] data, int at, int length, Manifest manifest)
        {
            switch (tag)
            {
                case ManifestFormat.TagHardwareModel:
                    if (length < 1 || length > ManifestFormat.MaxHardwareModelLength)
                    {
                        return BadLength(tag, "1 to " + ManifestFormat.MaxHardwareModelLength.ToString());
                    }

                    manifest.HardwareModel = Text(data, at, length, false);
                    return manifest.HardwareModel != null || BadValue(tag, "only letters, digits, '.', '_' and '-'");

                case ManifestFormat.TagVersion:
                    if (length != 6)
                    {
                        return BadLength(tag, "6");
                    }

                    manifest.VersionMajor = LittleEndian.ReadUInt16(data, at);
                    manifest.VersionMinor = LittleEndian.ReadUInt16(data, at + 2);
                    manifest.VersionPatch = LittleEndian.ReadUInt16(data, at + 4);
                    return true;

                case ManifestFormat.TagSecurityCounter:
                    if (length != 4)
                    {
                        return BadLength(tag, "4");
                    }

                    manifest.SecurityCounter = LittleEndian.ReadUInt32(data, at);
                    return true;

                case ManifestFormat.TagRuntimeVersion:
                    if (length != 8)
                    {
                        return BadLength(tag, "8");
                    }

                    for (int i = 0; i < 4; i++)
                    {
                        manifest.RuntimeVersion[i] = LittleEndian.ReadUInt16(data, at + (2 * i));
                    }

                    return true;

                case ManifestFormat.TagImageSize:
                    if (length != 4)
                    {
                        return BadLength(tag, "4");
                    }

                    uint size = LittleEndian.ReadUInt32(data, at);
                    if (size == 0 || size > ManifestFormat.MaxImageSize)
                    {
                        return BadValue(tag, "1 to " + ManifestFormat.MaxImageSize.ToString() + " bytes");
                    }

                    manifest.ImageSize = (int)size;
                    return true;

                case ManifestFormat.TagImageSha256:
                    if (length != 32)
                    {
                        return BadLength(tag, "32");
                    }

                    System.Array.Copy(data, at, manifest.ImageSha256, 0, 32);
                    return true;

                case ManifestFormat.TagChunkSize:
                    if (length != 4)
                    {
                        return BadLength(tag, "4");
                    }

                    uint chunk = LittleEndian.ReadUInt32(data, at);
                    if (chunk < ManifestFormat.MinChunkSize || chunk > ManifestFormat.MaxChunkSize || (chunk & (chunk - 1)) != 0)
                    {
                        return BadValue(tag, "a power of two from " + ManifestFormat.MinChunkSize.ToString() + " to " + ManifestFormat.MaxChunkSize.ToString());
                    }

                    manifest.ChunkSize = (int)chunk;
                    return true;

                case ManifestFormat.TagKeyId:
                    if (length != ManifestFormat.KeyIdSize)
                    {
                        return BadLength(tag, "8");
                    }

                    System.Array.Copy(data, at, manifest.KeyId, 0, ManifestFormat.KeyIdSize);
                    return true;

                case ManifestFormat.TagImageUrl:
                    if (length < 8 || length > ManifestFormat.MaxUrlLength)
                    {
                        return BadLength(tag, "8 to " + ManifestFormat.MaxUrlLength.ToString());
                    }

                    string url = Text(data, at, length, true);
                    if (url == null || !(Ordinal.StartsWith(url, "http://") || Ordinal.StartsWith(url, "https://")))
                    {
                        return BadValue(tag, "an http:// or https:// URL of printable ASCII");
                    }

                    manifest.ImageUrl = url;
                    return true;

                case ManifestFormat.TagKeySequence:
                    if (length != 4)
                    {
                        return BadLength(tag, "4");
                    }

                    manifest.KeySequence = LittleEndian.ReadUInt32(data, at);
                    return manifest.KeySequence > 0 || BadValue(tag, "from 1");

                case ManifestFormat.TagAddKeys:
                    if (length == 0 || length % ManifestFormat.PublicKeySize != 0 || length > ManifestFormat.MaxKeysPerUpdate * ManifestFormat.PublicKeySize)
                    {
                        return BadLength(tag, "1 to 4 keys of 32 bytes");
                    }

                    System.Array.Copy(data, at, manifest.AddedKeys, 0, length);
                    manifest.AddedKeyCount = length / ManifestFormat.PublicKeySize;
                    return true;

                case ManifestFormat.TagRevokeKeys:
                    if (length == 0 || length % ManifestFormat.KeyIdSize != 0 || length > ManifestFormat.MaxKeysPerUpdate * ManifestFormat.KeyIdSize)
                    {
                        return BadLength(tag, "1 to 4 ids of 8 bytes");
                    }

                    System.Array.Copy(data, at, manifest.RevokedKeyIds, 0, length);
                    manifest.RevokedKeyCount = length / ManifestFormat.KeyIdSize;
                    return true;

                default:
                    return Fail(OtaReason.UnknownField, FieldName(tag));
            }
        }

        /// <summary>ASCII text: model names (letters, digits, '.', '_', '-') or URLs (printable ASCII); null otherwise.</summary>
        private static string Text(byte[] data, int at, int length, bool printable)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                byte b = data[at + i];
                bool ok = printable
                    ? b >= 0x21 && b <= 0x7E
                    : (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9') || b == (byte)'.' || b == (byte)'_' || b == (byte)'-';
                if (!ok)
                {
                    return null;
                }

                chars[i] = (char)b;
            }

            return new string(chars);
        }

        private static string FieldName(int tag)
        {
            const string digits = "0123456789abcdef";
            return "field 0x" + digits[(tag >> 4) & 0xF].ToString() + digits[tag & 0xF].ToString();
        }

        private bool BadLength(int tag, string expected)
        {
            return Fail(OtaReason.BadFieldLength, FieldName(tag) + ": length must be " + expected);
        }

        private bool BadValue(int tag, string expected)
        {
            return Fail(OtaReason.BadFieldValue, FieldName(tag) + ": " + expected);
        }

        private bool Fail(string reason, string detail)
        {
            Reason = reason;
            Detail = detail;
            return false;
        }
    }
}
