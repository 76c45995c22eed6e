using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using Firmware.Boot;
using Firmware.Ota;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Firmware.Host.Ota
{
    /// <summary>
    /// The twin's "ota" command: keys, bundles and signed manifests for over-the-air updates, a server for the images,
    /// and the announce. Exit codes: 0 done, 1 a verification failed or the broker could not be reached, 2 bad usage or input.
    /// </summary>
    public static class OtaTool
    {
        /// <summary>The assembly whose version is the build's (the firmware reports it where there are no slots).</summary>
        public const string FirmwareAssembly = "Firmware.Device";

        /// <summary>Where the build's version is set.</summary>
        public const string VersionSource = "Firmware/Device/Properties/AssemblyInfo.cs";

        public const string Usage =
@"firmware-twin ota: keys, bundles and signed manifests for over-the-air updates, a server for the images, the announce.

Usage: dotnet run --project nf-targets/host -- ota <command> [options]

  keygen --out NAME                 write NAME.key (private: keep it offline) and NAME.pub, print the key id
  bundle --out FILE --counter N --entry TYPE [--entry-assembly NAME] [--version 1.2.3] ASSEMBLY...
                                    bundle the application's assemblies (.pe on ESP32, .dll on the twin) in
                                    load order (each after those it references; refused if one it needs is
                                    missing); the entry assembly defaults to the one the entry type's name
                                    starts with (Firmware.Device for Firmware.Device.Application), else the
                                    last in load order; a .dll that lacks the entry type is refused. The
                                    version is the build's, Firmware.Device's assembly version (set in
                                    Firmware/Device/Properties/AssemblyInfo.cs): a --version that differs is
                                    refused; a bundle without Firmware.Device needs --version
  sign --key NAME.key --image FILE --hardware MODEL --url URL --out FILE
       [--version 1.2.3] [--counter N] [--runtime 1.17.0.0] [--chunk 4096]
                                    sign a firmware manifest for an image (version and counter default to the
                                    bundle's own)
  key-update --key NAME.key --hardware MODEL --sequence N [--add KEY.pub]... [--revoke KEY.pub|KEYID]... --out FILE
                                    sign a key update (a root key can only be revoked by another root key)
  verify --manifest FILE --key NAME.pub [--image FILE]
                                    check a manifest's signature, and that the image matches it
  show FILE                         print a manifest or a bundle
  serve --dir FOLDER [--port 8080] [--host 127.0.0.1]
                                    serve the folder's files over HTTP, answering Range requests (what a device
                                    downloads an image with), one line per request, until Ctrl+C; --host 0.0.0.0
                                    serves devices on the network
  announce --broker mqtt://HOST:PORT --topic TOPIC FILE
                                    publish a manifest, retained with QoS 1, on a device's ota topic
                                    (<prefix>/<device>/ota) or a group's
  rollout start|resume|status|abort|rollback --state FILE ...
                                    a staged rollout of a signed release to a fleet: waves (the first, the
                                    canary, holds every hardware profile), a soak per wave, a self-halt on a
                                    wave's failure rate, its state in a file, abort and fleet rollback
                                    (ota rollout --help)";

        /// <summary>The commands and a line on each, for the twin's command line (its help, and suggestions for a mistyped command).</summary>
        public static readonly (string Name, string Summary)[] Commands =
        {
            ("keygen", "write a key pair"),
            ("bundle", "bundle the application's assemblies"),
            ("serve", "serve a folder of images over HTTP with Range requests"),
            ("announce", "publish a manifest on a device's or a group's ota topic"),
            ("sign", "sign a firmware manifest for an image"),
            ("key-update", "sign a key update"),
            ("verify", "check a manifest's signature, and its image"),
            ("show", "print a manifest or a bundle"),
            ("rollout", "a staged rollout of a release to a fleet (ota rollout --help)"),
        };

        private static readonly string[] Repeatable = { "--add", "--revoke" };

        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            if (args.Length == 0 || args[0] == "--help" || args[0] == "-h")
            {
                output.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            try
            {
                switch (args[0])
                {
                    case "keygen":
                        return Keygen(Options(args, new[] { "--out" }, 0), output);
                    case "bundle":
                        return Bundle(Options(args, new[] { "--out", "--version", "--counter", "--entry", "--entry-assembly" }, -1), output);
                    case "serve":
                        return Serve(Options(args, new[] { "--dir", "--port", "--host" }, 0), output);
                    case "announce":
                        return Announce(Options(args, new[] { "--broker", "--topic" }, 1), output, error);
                    case "sign":
                        return Sign(Options(args, new[] { "--key", "--image", "--hardware", "--url", "--out", "--version", "--counter", "--runtime", "--chunk" }, 0), output);
                    case "key-update":
                        return KeyUpdate(Options(args, new[] { "--key", "--hardware", "--sequence", "--add", "--revoke", "--out" }, 0), output);
                    case "verify":
                        return Verify(Options(args, new[] { "--manifest", "--key", "--image" }, 0), output, error);
                    case "show":
                        return Show(Options(args, Array.Empty<string>(), 1), output);
                    case "rollout":
                        return Rollout.RolloutTool.Run(args.Skip(1).ToArray(), output, error, System.Threading.CancellationToken.None);
                    default:
                        throw new UsageException($"unknown ota command '{args[0]}' (see ota --help)");
                }
            }
            catch (UsageException e)
            {
                error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (InvalidDataException e)
            {
                error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (FileNotFoundException e)
            {
                error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (ArgumentException e)
            {
                error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (DirectoryNotFoundException e)
            {
                error.WriteLine("error: " + e.Message);
                return 2;
            }
        }

        private static int Keygen(ParsedOptions o, TextWriter output)
        {
            string name = o.Required("--out");
            (byte[] privateKey, byte[] publicKey) = OtaKeys.Generate();
            OtaKeys.WritePrivate(name + ".key", privateKey);
            OtaKeys.WritePublic(name + ".pub", publicKey);
            output.WriteLine($"wrote {name}.key (private: keep it offline) and {name}.pub; key id {OtaKeys.KeyIdText(publicKey)}");
            return 0;
        }

        private static int Bundle(ParsedOptions o, TextWriter output)
        {
            string outPath = o.Required("--out");
            SemanticVersion? given = o.Optional("--version") is string v ? ParseVersion(v) : null;
            long counter = ParseUInt32("--counter", o.Required("--counter"));
            string entry = o.Required("--entry");
            if (o.Positional.Count == 0)
            {
                throw new UsageException("bundle needs the assemblies to bundle");
            }

            List<BundleAssembly> files = new List<BundleAssembly>();
            foreach (string path in o.Positional)
            {
                BundleWriter.CheckUpdatable(Path.GetFileNameWithoutExtension(path));
                BundleAssembly file = BundleAssembly.Read(path, ReadFile(path));
                if (file.Name != Path.GetFileNameWithoutExtension(path))
                {
                    throw new InvalidDataException($"{path} holds assembly {file.Name}: name the file after its assembly");
                }

                files.Add(file);
            }

            SemanticVersion version = BuildVersion(files, given, out string versionSource);
            List<(string, byte[])> assemblies = BundleOrder.Sort(files).Select(a => (a.Name, a.Bytes)).ToList();
            string entryAssembly = o.Optional("--entry-assembly") ?? EntryAssembly(entry, assemblies.Select(a => a.Item1).ToList());
            int entryIndex = assemblies.FindIndex(a => a.Item1 == entryAssembly);
            if (entryIndex < 0)
            {
                throw new UsageException($"--entry-assembly {entryAssembly} is not among the bundled assemblies");
            }

            BundleAssembly entryFile = files.Single(f => f.Name == entryAssembly);
            if (entryFile.Types != null && !entryFile.Types.Contains(entry))
            {
                // The loader would refuse it at the trial boot, on every device: a rollback, not an update.
                throw new InvalidDataException($"{entryAssembly} has no type {entry} (the loader could not start it): name the entry type's assembly with --entry-assembly");
            }

            byte[] image = BundleWriter.Build(version, counter, entry, entryIndex, assemblies);
            File.WriteAllBytes(outPath, image);
            output.WriteLine($"wrote {outPath}: {image.Length} bytes, {assemblies.Count} assemblies in load order ({string.Join(", ", assemblies.Select(a => a.Item1))}), entry {entry} in {entryAssembly}, version {version}{versionSource}, counter {counter}");
            return 0;
        }

        /// <summary>
        /// The assembly that holds the entry type, by the .NET convention that a type's namespace starts with its assembly's
        /// name: the longest name the type's full name starts with (and a dot), else the last assembly in load order.
        /// </summary>
        private static string EntryAssembly(string entryType, IReadOnlyList<string> names) =>
            names.Where(n => entryType.StartsWith(n + ".", StringComparison.Ordinal)).OrderByDescending(n => n.Length).FirstOrDefault() ?? names[^1];

        /// <summary>
        /// The bundle's version: the build's, Firmware.Device's assembly version, which the firmware reports where there
        /// are no slots; a <paramref name="given"/> version must agree with it. Without Firmware.Device, the one given.
        /// </summary>
        private static SemanticVersion BuildVersion(IReadOnlyList<BundleAssembly> files, SemanticVersion? given, out string source)
        {
            BundleAssembly firmware = files.FirstOrDefault(f => f.Name == FirmwareAssembly);
            if (firmware == null)
            {
                source = string.Empty;
                return given ?? throw new UsageException($"--version is needed: the bundle holds no {FirmwareAssembly}, whose assembly version is a build's version");
            }

            Version v = firmware.Version;
            if (v.Revision != 0 || v.Major > ushort.MaxValue || v.Minor > ushort.MaxValue || v.Build > ushort.MaxValue)
            {
                throw new InvalidDataException($"{firmware.File} says version {v}: a firmware version is three numbers, set as AssemblyVersion(\"1.2.3.0\") in {VersionSource}");
            }

            SemanticVersion build = new SemanticVersion(v.Major, v.Minor, v.Build);
            if (given.HasValue && !given.Value.Equals(build))
            {
                throw new UsageException($"--version {given} differs from the build's version {build} ({firmware.File}): bump AssemblyVersion in {VersionSource} and build again, or leave --version out");
            }

            source = $" ({FirmwareAssembly}'s)";
            return build;
        }

        private static int Serve(ParsedOptions o, TextWriter output)
        {
            string folder = o.Required("--dir");
            int port = (int)ParseUInt32("--port", o.Optional("--port") ?? "8080");
            if (port < 1 || port > 65535)
            {
                throw new UsageException($"--port must be 1 to 65535, not {port}");
            }

            string hostText = o.Optional("--host") ?? "127.0.0.1";
            if (!IPAddress.TryParse(hostText, out IPAddress host))
            {
                throw new UsageException($"--host must be an IP address to listen on (127.0.0.1, 0.0.0.0, ::), not '{hostText}'");
            }

            ImageServer server;
            try
            {
                server = ImageServer.Start(folder, host, port, output);
            }
            catch (IOException e)
            {
                throw new UsageException($"cannot listen on {hostText}:{port}: {e.Message}");
            }

            using (server)
            {
                output.WriteLine($"serving {Path.GetFullPath(folder)} on {server.Url} with Range requests; Ctrl+C stops");
                server.WaitForShutdown();
            }

            return 0;
        }

        private static int Announce(ParsedOptions o, TextWriter output, TextWriter error)
        {
            string broker = o.Required("--broker");
            if (!Uri.TryCreate(broker, UriKind.Absolute, out Uri uri) || uri.Scheme != "mqtt" || string.IsNullOrEmpty(uri.Host) || (!uri.IsDefaultPort && (uri.Port < 1 || uri.Port > 65535)))
            {
                throw new UsageException($"--broker must look like mqtt://host:port, not '{broker}'");
            }

            string topic = o.Required("--topic");
            if (topic.Length == 0 || topic.IndexOfAny(new[] { '+', '#' }) >= 0)
            {
                throw new UsageException($"--topic must be a topic to publish on (no + or #), not '{topic}'");
            }

            byte[] manifest = ReadFile(o.Positional[0]);
            Manifest m = Parse(manifest);
            int port = uri.IsDefaultPort || uri.Port < 0 ? 1883 : uri.Port;
            try
            {
                ManifestAnnouncer.Publish(uri.Host, port, topic, manifest, TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException || e is OperationCanceledException || e is InvalidOperationException || e is System.Net.Sockets.SocketException)
            {
                error.WriteLine($"error: cannot announce on mqtt://{uri.Host}:{port}: {e.Message}");
                return 1;
            }

            string what = m.Kind == ManifestFormat.KindFirmware ? $"firmware {m.VersionText} for {m.HardwareModel}" : $"key update {m.KeySequence} for {m.HardwareModel}";
            output.WriteLine($"announced {what} ({manifest.Length} bytes) on {topic} at mqtt://{uri.Host}:{port}, retained");
            return 0;
        }

        private static int Sign(ParsedOptions o, TextWriter output)
        {
            byte[] privateKey = OtaKeys.ReadPrivate(o.Required("--key"));
            byte[] image = ReadFile(o.Required("--image"));
            string hardware = o.Required("--hardware");
            string url = o.Required("--url");
            string outPath = o.Required("--out");
            SemanticVersion? version = o.Optional("--version") is string v ? ParseVersion(v) : null;
            long? counter = o.Optional("--counter") is string c ? ParseUInt32("--counter", c) : null;
            BundleReader bundle = new BundleReader();
            if (bundle.Parse(image, Math.Min(image.Length, BundleReader.MaxHeaderSize), image.Length))
            {
                SemanticVersion own = new SemanticVersion(bundle.VersionMajor, bundle.VersionMinor, bundle.VersionPatch);
                if (version.HasValue && !version.Value.Equals(own))
                {
                    throw new UsageException($"--version {version} differs from the bundle's own version {own}");
                }

                if (counter.HasValue && counter.Value != bundle.SecurityCounter)
                {
                    throw new UsageException($"--counter {counter} differs from the bundle's own counter {bundle.SecurityCounter}");
                }

                version = own;
                counter = bundle.SecurityCounter;
            }
            else if (!version.HasValue || !counter.HasValue)
            {
                throw new UsageException("the image is not a bundle, so --version and --counter are required");
            }

            FirmwareRelease release = new FirmwareRelease
            {
                HardwareModel = hardware,
                Version = version.Value,
                SecurityCounter = counter.Value,
                RuntimeVersion = ParseRuntime(o.Optional("--runtime") ?? "1.0.0.0"),
                ChunkSize = (int)ParseUInt32("--chunk", o.Optional("--chunk") ?? "4096"),
                ImageUrl = url,
                SigningPublicKey = OtaKeys.PublicOf(privateKey),
            }.ForImage(image);
            byte[] manifest = ManifestWriter.Firmware(release).Sign(privateKey);
            CheckParses(manifest);
            File.WriteAllBytes(outPath, manifest);
            output.WriteLine($"wrote {outPath}: {manifest.Length} bytes, version {release.Version}, counter {release.SecurityCounter}, image {image.Length} bytes, key {OtaKeys.KeyIdText(release.SigningPublicKey)}");
            return 0;
        }

        private static int KeyUpdate(ParsedOptions o, TextWriter output)
        {
            byte[] privateKey = OtaKeys.ReadPrivate(o.Required("--key"));
            string hardware = o.Required("--hardware");
            long sequence = ParseUInt32("--sequence", o.Required("--sequence"));
            string outPath = o.Required("--out");
            List<byte[]> add = o.All("--add").Select(OtaKeys.ReadPublic).ToList();
            List<byte[]> revoke = o.All("--revoke").Select(RevokedId).ToList();
            if (add.Count + revoke.Count == 0)
            {
                throw new UsageException("a key update adds (--add) or revokes (--revoke) at least one key");
            }

            byte[] manifest = ManifestWriter.KeyUpdate(hardware, sequence, OtaKeys.PublicOf(privateKey), add, revoke).Sign(privateKey);
            CheckParses(manifest);
            File.WriteAllBytes(outPath, manifest);
            output.WriteLine($"wrote {outPath}: key update {sequence}, {add.Count} added, {revoke.Count} revoked, signed by {OtaKeys.KeyIdText(OtaKeys.PublicOf(privateKey))}");
            return 0;
        }

        private static int Verify(ParsedOptions o, TextWriter output, TextWriter error)
        {
            byte[] manifest = ReadFile(o.Required("--manifest"));
            byte[] publicKey = OtaKeys.ReadPublic(o.Required("--key"));
            Manifest m = Parse(manifest);
            string named = Convert.ToHexStringLower(m.KeyId);
            string given = OtaKeys.KeyIdText(publicKey);
            if (named != given)
            {
                error.WriteLine($"wrong key: the manifest names key {named}; {o.Required("--key")} is key {given}");
                return 1;
            }

            if (!BcEd25519.Verify(manifest, m.SignedLength, publicKey, 0, manifest, 0, m.SignedLength))
            {
                error.WriteLine($"bad signature: the manifest is not signed by key {given} (altered after signing?)");
                return 1;
            }

            output.WriteLine($"signature good (key {given})");
            if (o.Optional("--image") is string imagePath)
            {
                if (m.Kind != ManifestFormat.KindFirmware)
                {
                    throw new UsageException("a key update has no image");
                }

                byte[] image = ReadFile(imagePath);
                if (image.Length != m.ImageSize)
                {
                    error.WriteLine($"image mismatch: {imagePath} has {image.Length} bytes, the manifest says {m.ImageSize}");
                    return 1;
                }

                if (!SHA256.HashData(image).AsSpan().SequenceEqual(m.ImageSha256))
                {
                    error.WriteLine($"image mismatch: the SHA-256 of {imagePath} differs from the manifest's");
                    return 1;
                }

                output.WriteLine($"image matches ({image.Length} bytes, SHA-256 {Convert.ToHexStringLower(m.ImageSha256)})");
            }

            return 0;
        }

        private static int Show(ParsedOptions o, TextWriter output)
        {
            byte[] data = ReadFile(o.Positional[0]);
            if (data.Length >= 4 && data[0] == 'N' && data[1] == 'F' && data[2] == 'B' && data[3] == 'D')
            {
                BundleReader b = BundleWriter.Read(data);
                output.WriteLine($"bundle, format {BundleReader.Format}, {data.Length} bytes");
                output.WriteLine($"  version         {b.VersionMajor}.{b.VersionMinor}.{b.VersionPatch}");
                output.WriteLine($"  counter         {b.SecurityCounter}");
                output.WriteLine($"  entry           {b.EntryTypeName} in {b.AssemblyName(b.EntryAssembly)}");
                for (int i = 0; i < b.AssemblyCount; i++)
                {
                    output.WriteLine($"  assembly        {b.AssemblyName(i)} ({b.AssemblySize(i)} bytes)");
                }

                return 0;
            }

            Manifest m = Parse(data);
            output.WriteLine($"manifest, format {ManifestFormat.Version}, {(m.Kind == ManifestFormat.KindFirmware ? "firmware" : "key update")}, {data.Length} bytes");
            output.WriteLine($"  hardware        {m.HardwareModel}");
            output.WriteLine($"  key id          {Convert.ToHexStringLower(m.KeyId)}");
            if (m.Kind == ManifestFormat.KindFirmware)
            {
                output.WriteLine($"  version         {m.VersionText}");
                output.WriteLine($"  counter         {m.SecurityCounter}");
                output.WriteLine($"  runtime         {string.Join('.', m.RuntimeVersion)} or later");
                output.WriteLine($"  image           {m.ImageSize} bytes, SHA-256 {Convert.ToHexStringLower(m.ImageSha256)}");
                output.WriteLine($"  chunk           {m.ChunkSize} bytes");
                output.WriteLine($"  url             {m.ImageUrl}");
            }
            else
            {
                output.WriteLine($"  key sequence    {m.KeySequence}");
                for (int i = 0; i < m.AddedKeyCount; i++)
                {
                    byte[] key = m.AddedKeys.AsSpan(i * 32, 32).ToArray();
                    output.WriteLine($"  adds            {Convert.ToHexStringLower(key)} (id {OtaKeys.KeyIdText(key)})");
                }

                for (int i = 0; i < m.RevokedKeyCount; i++)
                {
                    output.WriteLine($"  revokes         {Convert.ToHexStringLower(m.RevokedKeyIds.AsSpan(i * 8, 8))}");
                }
            }

            return 0;
        }

        private static Manifest Parse(byte[] data)
        {
            ManifestReader reader = new ManifestReader();
            Manifest m = new Manifest();
            if (!reader.Read(data, 0, data.Length, m))
            {
                throw new InvalidDataException($"not a valid manifest: {reader.Reason} ({reader.Detail})");
            }

            return m;
        }

        private static void CheckParses(byte[] manifest) => Parse(manifest);

        private static byte[] RevokedId(string text)
        {
            if (File.Exists(text))
            {
                return OtaKeys.KeyId(OtaKeys.ReadPublic(text));
            }

            if (text.Length == 16 && text.All(Uri.IsHexDigit))
            {
                return Convert.FromHexString(text);
            }

            throw new UsageException($"--revoke takes a public key file or a 16-digit key id, not '{text}'");
        }

        private static byte[] ReadFile(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"no file '{path}'", path);
            }

            return File.ReadAllBytes(path);
        }

        private static SemanticVersion ParseVersion(string text) =>
            SemanticVersion.TryParse(text, out SemanticVersion v) ? v : throw new UsageException($"--version must look like 1.2.3 (numbers 0 to 65535, no leading zeros), not '{text}'");

        private static int[] ParseRuntime(string text)
        {
            string[] parts = text.Split('.');
            int[] result = new int[4];
            if (parts.Length != 4 || parts.Select((p, i) => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out result[i]) && result[i] <= ushort.MaxValue).Any(ok => !ok))
            {
                throw new UsageException($"--runtime must look like 1.17.0.0 (four numbers 0 to 65535), not '{text}'");
            }

            return result;
        }

        private static long ParseUInt32(string option, string text) =>
            uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value) ? value : throw new UsageException($"{option} must be a whole number from 0 to 4294967295, not '{text}'");

        private static ParsedOptions Options(string[] args, string[] known, int positionals)
        {
            ParsedOptions parsed = new ParsedOptions();
            for (int i = 1; i < args.Length; i++)
            {
                string arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    parsed.Positional.Add(arg);
                    continue;
                }

                if (Array.IndexOf(known, arg) < 0)
                {
                    throw new UsageException($"unknown option '{arg}' for ota {args[0]} (see ota --help)");
                }

                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"{arg} needs a value");
                }

                if (!parsed.Values.TryGetValue(arg, out List<string> values))
                {
                    parsed.Values[arg] = values = new List<string>();
                }
                else if (Array.IndexOf(Repeatable, arg) < 0)
                {
                    throw new UsageException($"{arg} is given twice");
                }

                values.Add(args[++i]);
            }

            if (positionals >= 0 && parsed.Positional.Count != positionals)
            {
                throw new UsageException(positionals == 0
                    ? $"unexpected argument '{parsed.Positional[0]}' for ota {args[0]}"
                    : $"ota {args[0]} takes {positionals} file");
            }

            return parsed;
        }

        private sealed class ParsedOptions
        {
            public Dictionary<string, List<string>> Values { get; } = new Dictionary<string, List<string>>();

            public List<string> Positional { get; } = new List<string>();

            public string Required(string name) => Optional(name) ?? throw new UsageException($"{name} is required (see ota --help)");

            public string Optional(string name) => Values.TryGetValue(name, out List<string> v) ? v[0] : null;

            public IEnumerable<string> All(string name) => Values.TryGetValue(name, out List<string> v) ? v : Enumerable.Empty<string>();
        }

        private sealed class UsageException : Exception
        {
            public UsageException(string message)
                : base(message)
            {
            }
        }
    }
}
