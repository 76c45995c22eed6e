using System;
using System.Collections.Generic;
using System.IO;
using Firmware.Ota;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Firmware.Host.Ota
{
    /// <summary>
    /// Writes manifests in the device's format (<see cref="ManifestFormat"/>) and signs them with Ed25519
    /// (BouncyCastle). Fields are written in the order they are added, so tests can also write the malformed
    /// manifests a device must refuse.
    /// </summary>
    public sealed class ManifestWriter
    {
        private readonly int _kind;
        private readonly MemoryStream _body = new MemoryStream();

        public ManifestWriter(int kind)
        {
            _kind = kind;
        }

        /// <summary>A firmware manifest with every field, in order.</summary>
        public static ManifestWriter Firmware(FirmwareRelease release)
        {
            ManifestWriter w = new ManifestWriter(ManifestFormat.KindFirmware);
            w.Text(ManifestFormat.TagHardwareModel, release.HardwareModel);
            w.Field(ManifestFormat.TagVersion, UInt16s(release.Version.Major, release.Version.Minor, release.Version.Patch));
            w.Field(ManifestFormat.TagSecurityCounter, UInt32(release.SecurityCounter));
            w.Field(ManifestFormat.TagRuntimeVersion, UInt16s(release.RuntimeVersion));
            w.Field(ManifestFormat.TagImageSize, UInt32(release.ImageSize));
            w.Field(ManifestFormat.TagImageSha256, release.ImageSha256);
            w.Field(ManifestFormat.TagChunkSize, UInt32(release.ChunkSize));
            w.Field(ManifestFormat.TagKeyId, OtaKeys.KeyId(release.SigningPublicKey));
            w.Text(ManifestFormat.TagImageUrl, release.ImageUrl);
            return w;
        }

        /// <summary>A key update: adds and revokes keys (revocations are key ids).</summary>
        public static ManifestWriter KeyUpdate(string hardwareModel, long sequence, byte[] signingPublicKey, IReadOnlyList<byte[]> add, IReadOnlyList<byte[]> revokeIds)
        {
            ManifestWriter w = new ManifestWriter(ManifestFormat.KindKeyUpdate);
            w.Text(ManifestFormat.TagHardwareModel, hardwareModel);
            w.Field(ManifestFormat.TagKeyId, OtaKeys.KeyId(signingPublicKey));
            w.Field(ManifestFormat.TagKeySequence, UInt32(sequence));
            if (add.Count > 0)
            {
                w.Field(ManifestFormat.TagAddKeys, Concat(add));
            }

            if (revokeIds.Count > 0)
            {
                w.Field(ManifestFormat.TagRevokeKeys, Concat(revokeIds));
            }

            return w;
        }

        public ManifestWriter Field(int tag, byte[] value)
        {
            if (value.Length > ushort.MaxValue)
            {
                throw new ArgumentException("a field holds at most 65535 bytes", nameof(value));
            }

            _body.WriteByte((byte)tag);
            _body.WriteByte((byte)value.Length);
            _body.WriteByte((byte)(value.Length >> 8));
            _body.Write(value);
            return this;
        }

        public ManifestWriter Text(int tag, string value) => Field(tag, System.Text.Encoding.ASCII.GetBytes(value));

        /// <summary>Header and body: the bytes the signature covers.</summary>
        public byte[] Unsigned()
        {
            byte[] body = _body.ToArray();
            byte[] result = new byte[ManifestFormat.HeaderSize + body.Length];
            result[0] = ManifestFormat.Magic0;
            result[1] = ManifestFormat.Magic1;
            result[2] = ManifestFormat.Magic2;
            result[3] = ManifestFormat.Magic3;
            result[4] = ManifestFormat.Version;
            result[5] = (byte)_kind;
            result[6] = (byte)body.Length;
            result[7] = (byte)(body.Length >> 8);
            body.CopyTo(result, ManifestFormat.HeaderSize);
            return result;
        }

        /// <summary>The signed manifest.</summary>
        public byte[] Sign(byte[] privateKey) => SignBytes(Unsigned(), privateKey);

        /// <summary>Appends the Ed25519 signature of <paramref name="unsigned"/> made with the 32-byte private key.</summary>
        public static byte[] SignBytes(byte[] unsigned, byte[] privateKey)
        {
            byte[] result = new byte[unsigned.Length + ManifestFormat.SignatureSize];
            unsigned.CopyTo(result, 0);
            Ed25519.Sign(privateKey, 0, unsigned, 0, unsigned.Length, result, unsigned.Length);
            return result;
        }

        public static byte[] UInt32(long value)
        {
            if (value < 0 || value > uint.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "0 to 4294967295");
            }

            return BitConverter.GetBytes((uint)value);
        }

        public static byte[] UInt16s(params int[] values)
        {
            byte[] result = new byte[values.Length * 2];
            for (int i = 0; i < values.Length; i++)
            {
                result[2 * i] = (byte)values[i];
                result[(2 * i) + 1] = (byte)(values[i] >> 8);
            }

            return result;
        }

        private static byte[] Concat(IReadOnlyList<byte[]> parts)
        {
            MemoryStream all = new MemoryStream();
            foreach (byte[] part in parts)
            {
                all.Write(part);
            }

            return all.ToArray();
        }
    }
}
