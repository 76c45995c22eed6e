using Firmware.Ota;
using Firmware.Tests.Crypto;
using Firmware.Text;
using nanoFramework.TestFramework;

namespace Firmware.Tests.Ota
{
    [TestClass]
    public class ManifestReaderTests
    {
        [TestMethod]
        public void AValidFirmwareManifestGivesEveryField()
        {
            byte[] bytes = ManifestBuilder.ValidFirmware().Build();
            ManifestReader reader = new ManifestReader();
            Manifest m = new Manifest();

            Assert.IsTrue(reader.Read(bytes, 0, bytes.Length, m), reader.Detail);

            Assert.AreEqual(ManifestFormat.KindFirmware, m.Kind);
            Assert.AreEqual("test-board", m.HardwareModel);
            Assert.AreEqual("2.1.3", m.VersionText);
            Assert.AreEqual(7L, m.SecurityCounter);
            Assert.AreEqual(17, m.RuntimeVersion[1]);
            Assert.AreEqual(5000, m.ImageSize);
            Assert.AreEqual((byte)0xAB, m.ImageSha256[31]);
            Assert.AreEqual(1024, m.ChunkSize);
            Assert.AreEqual((byte)0x11, m.KeyId[7]);
            Assert.AreEqual("http://ota.test/v2.bin", m.ImageUrl);
            Assert.AreEqual(bytes.Length - 64, m.SignedLength);
        }

        [TestMethod]
        public void TheHostToolsSignedManifestsParse()
        {
            string[] vectors = new string[] { OtaVectors.V2, OtaVectors.V3ByKeyC, OtaVectors.KeysAddC, OtaVectors.KeysRevokeC };
            ManifestReader reader = new ManifestReader();
            Manifest m = new Manifest();
            for (int i = 0; i < vectors.Length; i++)
            {
                byte[] bytes = Hex.Decode(vectors[i]);
                Assert.IsTrue(reader.Read(bytes, 0, bytes.Length, m), reader.Detail);
            }

            Assert.AreEqual(ManifestFormat.KindKeyUpdate, m.Kind);
            Assert.AreEqual(2L, m.KeySequence);
            Assert.AreEqual(1, m.RevokedKeyCount);
        }

        [TestMethod]
        public void EveryTruncationIsRefusedAsTruncated()
        {
            byte[] bytes = ManifestBuilder.ValidFirmware().Build();
            ManifestReader reader = new ManifestReader();
            Manifest m = new Manifest();
            for (int length = 0; length < bytes.Length; length++)
            {
                Assert.IsFalse(reader.Read(bytes, 0, length, m), "length " + length.ToString());
                Assert.AreEqual(OtaReason.ManifestTruncated, reader.Reason, "length " + length.ToString());
            }
        }

        [TestMethod]
        public void OversizedAndTrailingBytesAreRefused()
        {
            byte[] valid = ManifestBuilder.ValidFirmware().Build();
            byte[] longer = new byte[valid.Length + 1];
            System.Array.Copy(valid, longer, valid.Length);
            Assert.AreEqual(OtaReason.TrailingBytes, Refusal(longer));
            Assert.AreEqual(OtaReason.ManifestTooLarge, Refusal(new byte[ManifestFormat.MaxSize + 1]));
        }

        [TestMethod]
        public void TheHeaderIsCheckedStrictly()
        {
            ManifestBuilder magic = ManifestBuilder.ValidFirmware();
            magic.Magic = new byte[] { (byte)'O', (byte)'T', (byte)'A', (byte)'N' };
            Assert.AreEqual(OtaReason.BadMagic, Refusal(magic.Build()));

            ManifestBuilder format = ManifestBuilder.ValidFirmware();
            format.Format = 2;
            Assert.AreEqual(OtaReason.UnknownFormatVersion, Refusal(format.Build()));

            ManifestBuilder kind = ManifestBuilder.ValidFirmware();
            kind.Kind = 3;
            Assert.AreEqual(OtaReason.UnknownKind, Refusal(kind.Build()));

            Assert.AreEqual(OtaReason.ManifestTruncated, Refusal(ManifestBuilder.ValidFirmware().Build(1)));
            Assert.AreEqual(OtaReason.TrailingBytes, Refusal(ManifestBuilder.ValidFirmware().Build(-1)));
        }

        [TestMethod]
        public void UnknownRepeatedAndMisorderedFieldsAreRefused()
        {
            Assert.AreEqual(OtaReason.UnknownField, Refusal(ManifestBuilder.ValidFirmware().Field(0x0A, new byte[] { 1 }).Build()));
            Assert.AreEqual(OtaReason.UnknownField, Refusal(ManifestBuilder.ValidFirmware().Field(0x10, new byte[] { 1, 0, 0, 0 }).Build()));
            Assert.AreEqual(OtaReason.UnknownField, Refusal(ManifestBuilder.ValidFirmware().Field(0xFF, new byte[0]).Build()));
            Assert.AreEqual(OtaReason.FieldOutOfOrder, Refusal(ManifestBuilder.ValidFirmware().Ascii(0x09, "http://ota.test/x").Build()));
            Assert.AreEqual(OtaReason.FieldOutOfOrder, Refusal(ManifestBuilder.ValidFirmware().Field(0x03, new byte[] { 1, 0, 0, 0 }).Build()));
        }

        [TestMethod]
        public void AFieldRunningPastTheBodyIsRefused()
        {
            byte[] bytes = new ManifestBuilder().Ascii(0x01, "test-board").Field(0x02, 40, new byte[] { 1, 0, 0, 0, 0, 0 }).Build();
            Assert.AreEqual(OtaReason.FieldTruncated, Refusal(bytes));
        }

        [TestMethod]
        [DataRow(0x02, 5, OtaReason.BadFieldLength)]
        [DataRow(0x03, 3, OtaReason.BadFieldLength)]
        [DataRow(0x04, 6, OtaReason.BadFieldLength)]
        [DataRow(0x05, 8, OtaReason.BadFieldLength)]
        [DataRow(0x06, 31, OtaReason.BadFieldLength)]
        [DataRow(0x07, 2, OtaReason.BadFieldLength)]
        [DataRow(0x08, 7, OtaReason.BadFieldLength)]
        public void AFieldOfTheWrongLengthIsRefused(int tag, int length, string reason)
        {
            Assert.AreEqual(reason, Refusal(Replace(tag, ManifestBuilder.Filled(length, 1))));
        }

        [TestMethod]
        public void FieldValuesAreChecked()
        {
            Assert.AreEqual(OtaReason.BadFieldValue, Refusal(Replace(0x07, new byte[] { 0xE8, 0x03, 0, 0 })), "chunk of 1000 bytes");
            Assert.AreEqual(OtaReason.BadFieldValue, Refusal(Replace(0x07, new byte[] { 0, 1, 0, 0 })), "chunk of 256 bytes");
            Assert.AreEqual(OtaReason.BadFieldValue, Refusal(Replace(0x07, new byte[] { 0, 0, 1, 0 })), "chunk of 64 KiB");
            Assert.AreEqual(OtaReason.BadFieldValue, Refusal(Replace(0x05, new byte[] { 0, 0, 0, 0 })), "empty image");
            Assert.AreEqual(OtaReason.BadFieldValue, Refusal(Replace(0x05, new byte[] { 0, 0, 0, 2 })), "32 MiB image");
            Assert.AreEqual(OtaReason.BadFieldValue, Refusal(ReplaceText(0x09, "ftp://ota.test/v2.bin")));
            Assert.AreEqual(OtaReason.BadFieldValue, Refusal(ReplaceText(0x09, "http://ota test/v2.bin")));
            Assert.AreEqual(OtaReason.BadFieldValue, Refusal(ReplaceText(0x01, "test board")));
            Assert.AreEqual(OtaReason.BadFieldLength, Refusal(ReplaceText(0x01, "")));
            Assert.AreEqual(OtaReason.BadFieldLength, Refusal(ReplaceText(0x01, "abcdefghijklmnopqrstuvwxyz0123456")));
        }

        [TestMethod]
        public void MissingFieldsAreNamed()
        {
            ManifestReader reader = new ManifestReader();
            byte[] bytes = Without(0x09);
            Assert.IsFalse(reader.Read(bytes, 0, bytes.Length, new Manifest()));
            Assert.AreEqual(OtaReason.MissingField, reader.Reason);
            Assert.IsTrue(Ordinal.IndexOf(reader.Detail, "0x09") >= 0, reader.Detail);

            ManifestBuilder keys = new ManifestBuilder();
            keys.Kind = ManifestFormat.KindKeyUpdate;
            keys.Ascii(0x01, "test-board").Field(0x08, ManifestBuilder.Filled(8, 1)).Field(0x10, new byte[] { 1, 0, 0, 0 });
            Assert.AreEqual(OtaReason.MissingField, Refusal(keys.Build()), "a key update without keys");
            keys.Field(0x11, ManifestBuilder.Filled(31, 1));
            Assert.AreEqual(OtaReason.BadFieldLength, Refusal(keys.Build()), "a key of 31 bytes");
        }

        [TestMethod]
        public void AFailedReadLeavesNothingOfTheManifestBefore()
        {
            ManifestReader reader = new ManifestReader();
            Manifest m = new Manifest();
            byte[] valid = ManifestBuilder.ValidFirmware().Build();
            Assert.IsTrue(reader.Read(valid, 0, valid.Length, m));
            byte[] invalid = Without(0x05);
            Assert.IsFalse(reader.Read(invalid, 0, invalid.Length, m));
            Assert.IsNull(m.HardwareModel);
            Assert.AreEqual(0, m.ChunkSize);
            Assert.AreEqual(0, m.SignedLength);
        }

        private static string Refusal(byte[] bytes)
        {
            ManifestReader reader = new ManifestReader();
            Assert.IsFalse(reader.Read(bytes, 0, bytes.Length, new Manifest()), "accepted");
            Assert.IsNotNull(reader.Detail);
            return reader.Reason;
        }

        /// <summary>A valid firmware manifest with one field's value replaced.</summary>
        private static byte[] Replace(int tag, byte[] value)
        {
            return Build(tag, value, false);
        }

        private static byte[] ReplaceText(int tag, string value)
        {
            return Build(tag, TestBytes.Ascii(value), false);
        }

        private static byte[] Without(int tag)
        {
            return Build(tag, null, true);
        }

        private static byte[] Build(int replaced, byte[] value, bool omit)
        {
            ManifestBuilder b = new ManifestBuilder();
            AddOrReplace(b, 0x01, TestBytes.Ascii("test-board"), replaced, value, omit);
            AddOrReplace(b, 0x02, new byte[] { 2, 0, 1, 0, 3, 0 }, replaced, value, omit);
            AddOrReplace(b, 0x03, new byte[] { 7, 0, 0, 0 }, replaced, value, omit);
            AddOrReplace(b, 0x04, new byte[] { 1, 0, 17, 0, 0, 0, 0, 0 }, replaced, value, omit);
            AddOrReplace(b, 0x05, new byte[] { 0x88, 0x13, 0, 0 }, replaced, value, omit);
            AddOrReplace(b, 0x06, ManifestBuilder.Filled(32, 0xAB), replaced, value, omit);
            AddOrReplace(b, 0x07, new byte[] { 0, 4, 0, 0 }, replaced, value, omit);
            AddOrReplace(b, 0x08, ManifestBuilder.Filled(8, 0x11), replaced, value, omit);
            AddOrReplace(b, 0x09, TestBytes.Ascii("http://ota.test/v2.bin"), replaced, value, omit);
            return b.Build();
        }

        private static void AddOrReplace(ManifestBuilder b, int tag, byte[] normal, int replaced, byte[] value, bool omit)
        {
            if (tag != replaced)
            {
                b.Field(tag, normal);
            }
            else if (!omit)
            {
                b.Field(tag, value);
            }
        }
    }
}
