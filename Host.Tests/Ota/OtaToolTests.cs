using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using Firmware.Boot;
using Firmware.Device;
using Firmware.Host.Boot;
using Firmware.Host.Mqtt;
using Firmware.Host.Ota;
using Firmware.Host.Tests.Support;
using Firmware.Ota;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Ota
{
    /// <summary>The twin's "ota" command: keygen, bundle, sign, key-update, verify, show, and its errors.</summary>
    [TestClass]
    public sealed class OtaToolTests
    {
        private static string _dir;

        [ClassInitialize]
        public static void MakeDirectory(TestContext context) => _dir = Directory.CreateTempSubdirectory("ota-tool-").FullName;

        [ClassCleanup]
        public static void RemoveDirectory() => Directory.Delete(_dir, true);

        [TestMethod]
        public void KeysABundleAndASignedManifestThatVerifies()
        {
            Assert.AreEqual(0, Run(out string keygen, out _, "keygen", "--out", P("root")));
            StringAssert.Contains(keygen, "key id");
            string[] assemblies = HostLoader.FirmwareAssemblies().Select(a => a.Location).ToArray();
            string[] bundleArgs = new[] { "bundle", "--out", P("fw.bin"), "--counter", "3", "--entry", "Firmware.Device.Application", "--entry-assembly", "Firmware.Device" };
            Assert.AreEqual(0, Run(out _, out string bundleError, bundleArgs.Concat(assemblies).ToArray()), bundleError);
            Assert.AreEqual(0, Run(out _, out string signError, "sign", "--key", P("root.key"), "--image", P("fw.bin"), "--hardware", "esp32-bme280", "--url", "https://cdn.example/fw.bin", "--runtime", "1.17.0.0", "--chunk", "4096", "--out", P("fw.manifest")), signError);

            Assert.AreEqual(0, Run(out string verified, out string verifyError, "verify", "--manifest", P("fw.manifest"), "--key", P("root.pub"), "--image", P("fw.bin")), verifyError);
            StringAssert.Contains(verified, "signature good");
            StringAssert.Contains(verified, "image matches");
            Assert.AreEqual(0, Run(out string shown, out _, "show", P("fw.manifest")));
            StringAssert.Contains(shown, BuildVersion);
            StringAssert.Contains(shown, "esp32-bme280");
            Assert.AreEqual(0, Run(out string bundle, out _, "show", P("fw.bin")));
            StringAssert.Contains(bundle, "entry           Firmware.Device.Application in Firmware.Device");

            byte[] manifest = File.ReadAllBytes(P("fw.manifest"));
            Manifest m = new Manifest();
            Assert.IsTrue(new ManifestReader().Read(manifest, 0, manifest.Length, m));
            Assert.AreEqual(3L, m.SecurityCounter, "the bundle's own counter");
            Assert.AreEqual(17, m.RuntimeVersion[1]);
        }

        [TestMethod]
        public void ClearErrorsForAWrongKeyAMissingFileAndABadVersion()
        {
            Run(out _, out _, "keygen", "--out", P("a"));
            Run(out _, out _, "keygen", "--out", P("b"));
            File.WriteAllBytes(P("image.bin"), new byte[] { 1, 2, 3 });
            Assert.AreEqual(0, Run(out _, out _, "sign", "--key", P("a.key"), "--image", P("image.bin"), "--version", "2.0.0", "--counter", "1", "--hardware", "m", "--url", "http://x/i", "--out", P("i.manifest")));

            Assert.AreEqual(1, Run(out _, out string wrongKey, "verify", "--manifest", P("i.manifest"), "--key", P("b.pub")));
            StringAssert.Contains(wrongKey, "wrong key");
            Assert.AreEqual(2, Run(out _, out string publicToSign, "sign", "--key", P("a.pub"), "--image", P("image.bin"), "--version", "2.0.0", "--counter", "1", "--hardware", "m", "--url", "http://x/i", "--out", P("j")));
            StringAssert.Contains(publicToSign, "signing needs the private key");
            Assert.AreEqual(2, Run(out _, out string missing, "sign", "--key", P("a.key"), "--image", P("nothing.bin"), "--version", "2.0.0", "--counter", "1", "--hardware", "m", "--url", "http://x/i", "--out", P("j")));
            StringAssert.Contains(missing, "no file");
            Assert.AreEqual(2, Run(out _, out string badVersion, "sign", "--key", P("a.key"), "--image", P("image.bin"), "--version", "2.0", "--counter", "1", "--hardware", "m", "--url", "http://x/i", "--out", P("j")));
            StringAssert.Contains(badVersion, "--version must look like 1.2.3");
            Assert.AreEqual(2, Run(out _, out string notBundle, "sign", "--key", P("a.key"), "--image", P("image.bin"), "--hardware", "m", "--url", "http://x/i", "--out", P("j")));
            StringAssert.Contains(notBundle, "--version and --counter are required");
            Assert.AreEqual(2, Run(out _, out string unknown, "sign", "--colour", "red"));
            StringAssert.Contains(unknown, "unknown option");

            byte[] tampered = File.ReadAllBytes(P("i.manifest"));
            tampered[20] ^= 1;
            File.WriteAllBytes(P("t.manifest"), tampered);
            Assert.AreEqual(1, Run(out _, out string badSignature, "verify", "--manifest", P("t.manifest"), "--key", P("a.pub")));
            StringAssert.Contains(badSignature, "bad signature");
            File.WriteAllBytes(P("other.bin"), new byte[] { 1, 2, 4 });
            Assert.AreEqual(1, Run(out _, out string imageMismatch, "verify", "--manifest", P("i.manifest"), "--key", P("a.pub"), "--image", P("other.bin")));
            StringAssert.Contains(imageMismatch, "image mismatch");
        }

        [TestMethod]
        public void AKeyUpdateAddsAndRevokes()
        {
            Run(out _, out _, "keygen", "--out", P("r"));
            Run(out _, out _, "keygen", "--out", P("n"));
            Assert.AreEqual(0, Run(out _, out string error, "key-update", "--key", P("r.key"), "--hardware", "m", "--sequence", "4", "--add", P("n.pub"), "--revoke", "0011223344556677", "--out", P("k.manifest")), error);
            Assert.AreEqual(0, Run(out string shown, out _, "show", P("k.manifest")));
            StringAssert.Contains(shown, "key update");
            StringAssert.Contains(shown, "revokes         0011223344556677");
            Assert.AreEqual(2, Run(out _, out string none, "key-update", "--key", P("r.key"), "--hardware", "m", "--sequence", "5", "--out", P("k2")));
            StringAssert.Contains(none, "at least one key");
        }

        [TestMethod]
        public void TheBundleRefusesAssembliesThatStayWithTheLoader()
        {
            File.WriteAllBytes(P("System.Device.Wifi.pe"), new byte[] { 1 });
            Assert.AreEqual(2, Run(out _, out string error, "bundle", "--out", P("x.bin"), "--version", "1.0.0", "--counter", "1", "--entry", "A", P("System.Device.Wifi.pe")));
            StringAssert.Contains(error, "never travels in an update");
        }

        [TestMethod]
        public void TheBundleIsPutInLoadOrderAndAMissingAssemblyIsNamed()
        {
            string[] reversed = HostLoader.FirmwareAssemblies().Select(a => a.Location).Reverse().ToArray();
            string[] args = new[] { "bundle", "--out", P("ordered.bin"), "--counter", "1", "--entry", "Firmware.Device.Application", "--entry-assembly", "Firmware.Device" };
            Assert.AreEqual(0, Run(out string written, out string error, args.Concat(reversed).ToArray()), error);
            BundleReader bundle = BundleWriter.Read(File.ReadAllBytes(P("ordered.bin")));
            List<string> order = Enumerable.Range(0, bundle.AssemblyCount).Select(bundle.AssemblyName).ToList();
            Assert.IsTrue(order.IndexOf("Firmware.Text") < order.IndexOf("Firmware.Readings"), string.Join(", ", order));
            Assert.IsTrue(order.IndexOf("Firmware.Storage") < order.IndexOf("Firmware.Uplink"), string.Join(", ", order));
            Assert.IsTrue(order.IndexOf("Firmware.Ota") < order.IndexOf("Firmware.Device"), string.Join(", ", order));
            Assert.AreEqual("Firmware.Device", bundle.AssemblyName(bundle.EntryAssembly));
            StringAssert.Contains(written, "in load order (");

            string[] withoutStorage = reversed.Where(f => Path.GetFileNameWithoutExtension(f) != "Firmware.Storage").ToArray();
            Assert.AreEqual(2, Run(out _, out string missing, args.Concat(withoutStorage).ToArray()));
            StringAssert.Contains(missing, "references Firmware.Storage, which is neither in the bundle nor frozen in the loader");
        }

        [TestMethod]
        public void TheBundleTakesItsVersionFromTheBuildAndRefusesAnother()
        {
            string[] assemblies = HostLoader.FirmwareAssemblies().Select(a => a.Location).ToArray();
            string[] args = new[] { "bundle", "--out", P("own.bin"), "--counter", "1", "--entry", "Firmware.Device.Application" };

            Assert.AreEqual(0, Run(out string written, out string error, args.Concat(assemblies).ToArray()), error);
            StringAssert.Contains(written, "version " + BuildVersion + " (Firmware.Device's)");
            BundleReader bundle = BundleWriter.Read(File.ReadAllBytes(P("own.bin")));
            Assert.AreEqual(BuildVersion, $"{bundle.VersionMajor}.{bundle.VersionMinor}.{bundle.VersionPatch}");
            Assert.AreEqual("Firmware.Device", bundle.AssemblyName(bundle.EntryAssembly), "the entry type's own assembly, though Firmware.Drivers comes last");
            Assert.AreEqual(0, Run(out _, out error, args.Concat(new[] { "--version", BuildVersion }).Concat(assemblies).ToArray()), "the build's own version may be given: " + error);

            string[] mismatchArgs = new[] { "bundle", "--out", P("mismatch.bin"), "--counter", "1", "--entry", "Firmware.Device.Application", "--version", "9.9.9" };
            Assert.AreEqual(2, Run(out _, out string mismatch, mismatchArgs.Concat(assemblies).ToArray()));
            StringAssert.Contains(mismatch, "--version 9.9.9 differs from the build's version " + BuildVersion);
            StringAssert.Contains(mismatch, "Firmware/Device/Properties/AssemblyInfo.cs");
            Assert.IsFalse(File.Exists(P("mismatch.bin")));

            string text = HostLoader.FirmwareAssemblies().Single(a => a.GetName().Name == "Firmware.Text").Location;
            Assert.AreEqual(2, Run(out _, out string noDevice, "bundle", "--out", P("text.bin"), "--counter", "1", "--entry", "X", text));
            StringAssert.Contains(noDevice, "--version");
            Assert.AreEqual(0, Run(out _, out error, "bundle", "--out", P("text.bin"), "--counter", "1", "--entry", "Firmware.Text.Ordinal", "--version", "4.5.6", text), "a bundle without Firmware.Device takes --version: " + error);
        }

        [TestMethod]
        public void AnEntryAssemblyWithoutTheEntryTypeIsRefused()
        {
            string[] assemblies = HostLoader.FirmwareAssemblies().Select(a => a.Location).ToArray();
            string[] args = new[] { "bundle", "--out", P("wrong-entry.bin"), "--counter", "1", "--entry", "Firmware.Device.Application", "--entry-assembly", "Firmware.Drivers" };

            Assert.AreEqual(2, Run(out _, out string error, args.Concat(assemblies).ToArray()));

            StringAssert.Contains(error, "Firmware.Drivers has no type Firmware.Device.Application");
            Assert.IsFalse(File.Exists(P("wrong-entry.bin")));
        }

        [TestMethod]
        public void ServeAnswersRangeRequestsForTheFilesOfAFolder()
        {
            string www = Directory.CreateDirectory(P("www")).FullName;
            byte[] image = new byte[10000];
            new Random(5).NextBytes(image);
            File.WriteAllBytes(Path.Combine(www, "fw.bin"), image);
            File.WriteAllText(P("secret.key"), "outside the folder");
            int port = EmbeddedBroker.FreeLoopbackPort();
            using CommandProcess serve = CommandProcess.Twin(_dir, "ota", "serve", "--dir", www, "--port", port.ToString(CultureInfo.InvariantCulture));
            Assert.IsTrue(serve.WaitForLine("serving", TimeSpan.FromSeconds(60)), serve.Output);
            using HttpClient http = new HttpClient();
            string url = $"http://127.0.0.1:{port}/fw.bin";

            using HttpRequestMessage ranged = new HttpRequestMessage(HttpMethod.Get, url);
            ranged.Headers.Range = new RangeHeaderValue(4096, 5095);
            using HttpResponseMessage partial = http.Send(ranged);
            Assert.AreEqual(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.AreEqual("bytes 4096-5095/10000", partial.Content.Headers.ContentRange.ToString());
            CollectionAssert.AreEqual(image.AsSpan(4096, 1000).ToArray(), partial.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult());

            using HttpRequestMessage past = new HttpRequestMessage(HttpMethod.Get, url);
            past.Headers.Range = new RangeHeaderValue(10000, 10999);
            Assert.AreEqual(HttpStatusCode.RequestedRangeNotSatisfiable, http.Send(past).StatusCode);
            Assert.AreEqual(HttpStatusCode.NotFound, http.GetAsync($"http://127.0.0.1:{port}/missing.bin").GetAwaiter().GetResult().StatusCode);
            Assert.AreNotEqual(HttpStatusCode.OK, http.GetAsync($"http://127.0.0.1:{port}/..%2Fsecret.key").GetAwaiter().GetResult().StatusCode, "nothing outside the folder");
            Assert.IsTrue(serve.WaitForLine("206", TimeSpan.FromSeconds(5)), "each request is logged: " + serve.Output);
        }

        [TestMethod]
        public void AnnouncePublishesTheManifestRetainedAndRefusesAnythingElse()
        {
            Run(out _, out _, "keygen", "--out", P("ann"));
            File.WriteAllBytes(P("ann.bin"), new byte[] { 1, 2, 3 });
            Assert.AreEqual(0, Run(out _, out string signError, "sign", "--key", P("ann.key"), "--image", P("ann.bin"), "--version", "2.0.0", "--counter", "1", "--hardware", "m", "--url", "http://x/i", "--out", P("ann.manifest")), signError);
            using MosquittoBroker broker = MosquittoBroker.Start();

            Assert.AreEqual(0, Run(out string announced, out string error, "announce", "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--topic", "sensors/d/ota", P("ann.manifest")), error);
            StringAssert.Contains(announced, "sensors/d/ota");
            using Subscriber later = Subscriber.Start(broker.Port, "sensors/d/ota");
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (later.Messages.Count == 0 && DateTime.UtcNow < deadline)
            {
                System.Threading.Thread.Sleep(20);
            }

            Assert.AreEqual(1, later.Messages.Count, "a subscriber that comes later gets it: it is retained");
            Assert.IsTrue(later.Messages[0].Retained);
            CollectionAssert.AreEqual(File.ReadAllBytes(P("ann.manifest")), later.Messages[0].Payload);

            Assert.AreEqual(2, Run(out _, out string notManifest, "announce", "--broker", $"mqtt://127.0.0.1:{broker.Port}", "--topic", "sensors/d/ota", P("ann.bin")));
            StringAssert.Contains(notManifest, "not a valid manifest");
            Assert.AreEqual(2, Run(out _, out string badBroker, "announce", "--broker", "http://x", "--topic", "t", P("ann.manifest")));
            StringAssert.Contains(badBroker, "mqtt://");
        }

        [TestMethod]
        public void ReadsTheNameAndReferencesOfANanoClrImage()
        {
            // A .pe as the MetadataProcessor lays it out: header with the name's string id at 36, 16 table offsets from
            // 40, the assembly references first (12 bytes each: name id, padding, version), the strings as UTF-8 + NUL.
            byte[] strings = System.Text.Encoding.UTF8.GetBytes("\0Firmware.Ota\0Firmware.Text\0");
            byte[] image = new byte[160 + 24 + strings.Length];
            System.Text.Encoding.ASCII.GetBytes("NFMRK1").CopyTo(image, 0);
            BitConverter.GetBytes((ushort)1).CopyTo(image, 36);
            new ushort[] { 1, 4, 2, 0 }.SelectMany(BitConverter.GetBytes).ToArray().CopyTo(image, 28);
            uint references = 160;
            uint stringsAt = references + 24;
            for (int table = 0; table < 16; table++)
            {
                uint start = table == 0 ? references : table <= 11 ? stringsAt : stringsAt + (uint)strings.Length;
                BitConverter.GetBytes(start).CopyTo(image, 40 + (4 * table));
            }

            BitConverter.GetBytes((ushort)14).CopyTo(image, 160);
            BitConverter.GetBytes((ushort)(0xFFFF - 0x32D)).CopyTo(image, 172);
            strings.CopyTo(image, stringsAt);
            BundleAssembly read = BundleAssembly.Read("Firmware.Ota.pe", image);
            Assert.AreEqual("Firmware.Ota", read.Name);
            Assert.AreEqual(new Version(1, 4, 2, 0), read.Version);
            CollectionAssert.AreEqual(new[] { "Firmware.Text", null }, read.References.ToArray(), "a predefined name (mscorlib) reads as null");

            BitConverter.GetBytes((ushort)200).CopyTo(image, 36);
            Assert.ThrowsExactly<InvalidDataException>(() => BundleAssembly.Read("cut.pe", image));
            Assert.ThrowsExactly<InvalidDataException>(() => BundleAssembly.Read("text.pe", new byte[] { 1, 2, 3 }));
        }

        /// <summary>The version of this build: Firmware.Device's assembly version, three numbers.</summary>
        private static string BuildVersion
        {
            get
            {
                Version v = typeof(Application).Assembly.GetName().Version;
                return $"{v.Major}.{v.Minor}.{v.Build}";
            }
        }

        [TestMethod]
        public void EveryCommandTheUsageListsIsOneTheTwinsCommandLineKnows()
        {
            string[] usage = System.Text.RegularExpressions.Regex.Matches(OtaTool.Usage, @"^  ([a-z][a-z-]+) ", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value).ToArray();
            Assert.IsTrue(usage.Length >= 8, string.Join(", ", usage));
            CollectionAssert.AreEquivalent(usage, OtaTool.Commands.Select(c => c.Name).ToArray());
        }

        private static string P(string name) => Path.Combine(_dir, name);

        private static int Run(out string output, out string error, params string[] args)
        {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int code = OtaTool.Run(args, o, e);
            output = o.ToString();
            error = e.ToString();
            return code;
        }
    }
}
