using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Firmware.Host.Ota;
using Firmware.Host.Tests.Support;
using Firmware.Ota;
using Firmware.Tests.Ota;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>
    /// The device tests cannot sign (the device only verifies), so their signed manifests are constants in
    /// Firmware.Tests/Support/Ota/OtaVectors.cs. This test makes them again with the host tool's writer and fixed keys and
    /// requires the file to match; OTA_WRITE_VECTORS=1 rewrites it.
    /// </summary>
    [TestClass]
    public sealed class OtaVectorsTests
    {
        [TestMethod]
        public void TheDeviceTestVectorsAreWhatTheHostToolWrites()
        {
            string path = Repository.PathOf("Firmware.Tests/Support/Ota/OtaVectors.cs");
            string expected = Generate();
            if (Environment.GetEnvironmentVariable("OTA_WRITE_VECTORS") == "1")
            {
                File.WriteAllText(path, expected);
            }

            Assert.AreEqual(expected, File.ReadAllText(path), "Firmware.Tests/Support/Ota/OtaVectors.cs is stale; rewrite it with OTA_WRITE_VECTORS=1");
        }

        public static (byte[] Private, byte[] Public) Key(string name) => name switch
        {
            "RootA" => OtaKeys.FromSeed(101),
            "RootB" => OtaKeys.FromSeed(102),
            "KeyC" => OtaKeys.FromSeed(103),
            "KeyD" => OtaKeys.FromSeed(104),
            _ => throw new ArgumentException(name),
        };

        private static byte[] Firmware(string signer, string model, int major, int minor, int patch, long counter, int[] runtime, int imageSize, byte[] image, string url)
        {
            (byte[] privateKey, byte[] publicKey) = Key(signer);
            FirmwareRelease release = new FirmwareRelease
            {
                HardwareModel = model,
                Version = new SemanticVersion(major, minor, patch),
                SecurityCounter = counter,
                RuntimeVersion = runtime,
                ChunkSize = OtaVectors.ChunkSize,
                ImageUrl = url,
                SigningPublicKey = publicKey,
            }.ForImage(image);
            release.ImageSize = imageSize;
            return ManifestWriter.Firmware(release).Sign(privateKey);
        }

        private static byte[] Keys(string signer, long sequence, string[] add, string[] revoke)
        {
            (byte[] privateKey, byte[] publicKey) = Key(signer);
            return ManifestWriter.KeyUpdate(OtaVectors.Model, sequence, publicKey,
                add.Select(k => Key(k).Public).ToList(), revoke.Select(k => OtaKeys.KeyId(Key(k).Public)).ToList()).Sign(privateKey);
        }

        private static string Generate()
        {
            int[] runtime = { 1, 17, 0, 0 };
            byte[] v2 = OtaImage.Create(2, OtaVectors.ImageSize);
            byte[] v3 = OtaImage.Create(3, OtaVectors.ImageSize);
            string m = OtaVectors.Model;
            var entries = new List<(string Name, string Comment, byte[] Bytes)>
            {
                ("RootA", "root key 0 of the loader", Key("RootA").Public),
                ("RootB", "root key 1 of the loader", Key("RootB").Public),
                ("KeyC", "a key added by a key update", Key("KeyC").Public),
                ("KeyD", "a key the device never trusts", Key("KeyD").Public),
                ("V2", "2.0.0, counter 1, image 2, signed by RootA", Firmware("RootA", m, 2, 0, 0, 1, runtime, v2.Length, v2, OtaVectors.UrlV2)),
                ("V2ByKeyD", "V2 signed by KeyD", Firmware("KeyD", m, 2, 0, 0, 1, runtime, v2.Length, v2, OtaVectors.UrlV2)),
                ("V2OtherModel", "V2 for hardware other-board", Firmware("RootA", "other-board", 2, 0, 0, 1, runtime, v2.Length, v2, OtaVectors.UrlV2)),
                ("V2NewerRuntime", "V2 needing runtime 1.18.0.0", Firmware("RootA", m, 2, 0, 0, 1, new[] { 1, 18, 0, 0 }, v2.Length, v2, OtaVectors.UrlV2)),
                ("V2Huge", "V2 announcing a 1 MiB image", Firmware("RootA", m, 2, 0, 0, 1, runtime, 1 << 20, v2, OtaVectors.UrlV2)),
                ("V1Again", "1.0.0, counter 1: the factory version", Firmware("RootA", m, 1, 0, 0, 1, runtime, v2.Length, v2, OtaVectors.UrlV2)),
                ("V0LowCounter", "0.9.0, counter 0: below the minimum", Firmware("RootA", m, 0, 9, 0, 0, runtime, v2.Length, v2, OtaVectors.UrlV2)),
                ("V05SameCounter", "0.5.0, counter 1: an older version a fleet rolls back to", Firmware("RootA", m, 0, 5, 0, 1, runtime, v2.Length, v2, OtaVectors.UrlV2)),
                ("V3ByKeyC", "3.0.0, counter 2, image 3, signed by KeyC", Firmware("KeyC", m, 3, 0, 0, 2, runtime, v3.Length, v3, OtaVectors.UrlV3)),
                ("KeysAddC", "key update 1 by RootA: adds KeyC", Keys("RootA", 1, new[] { "KeyC" }, Array.Empty<string>())),
                ("KeysRevokeC", "key update 2 by RootA: revokes KeyC", Keys("RootA", 2, Array.Empty<string>(), new[] { "KeyC" })),
                ("KeysAddCAgain", "key update 3 by RootA: adds KeyC again", Keys("RootA", 3, new[] { "KeyC" }, Array.Empty<string>())),
                ("KeysCRevokesRootB", "key update 2 by KeyC: revokes RootB", Keys("KeyC", 2, Array.Empty<string>(), new[] { "RootB" })),
                ("KeysARevokesRootA", "key update 2 by RootA: revokes RootA", Keys("RootA", 2, Array.Empty<string>(), new[] { "RootA" })),
                ("KeysBRevokesRootA", "key update 2 by RootB: revokes RootA", Keys("RootB", 2, Array.Empty<string>(), new[] { "RootA" })),
            };

            StringBuilder s = new StringBuilder();
            s.Append(@"namespace Firmware.Tests.Ota
{
    /// <summary>
    /// Keys and signed manifests for the device tests (the device cannot sign), written by the host tool's
    /// ManifestWriter with fixed keys. Host.Tests/Ota/OtaVectorsTests checks this file; OTA_WRITE_VECTORS=1 rewrites it.
    /// </summary>
    public static class OtaVectors
    {
        public const string Model = ""test-board"";

        public const string UrlV2 = ""http://ota.test/v2.bin"";

        public const string UrlV3 = ""http://ota.test/v3.bin"";

        public const int ImageSize = 5000;

        public const int ChunkSize = 1024;
");
            foreach ((string name, string comment, byte[] bytes) in entries)
            {
                s.Append($"\n        /// <summary>{char.ToUpperInvariant(comment[0]) + comment[1..]}.</summary>\n        public const string {name} = \"{Convert.ToHexStringLower(bytes)}\";\n");
            }

            s.Append("    }\n}\n");
            return s.ToString().Replace("\r\n", "\n");
        }
    }
}
