using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Firmware.Boot;
using Firmware.Device;
using Firmware.Host.Boot;
using Firmware.Host.Ota;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Firmware.Host.Tests.Support
{
    /// <summary>
    /// Firmware builds for OTA tests, compiled in the test with Roslyn: the repository's Firmware.Device sources with
    /// the build's version (AssemblyVersion in Properties/AssemblyInfo.cs) set to the version asked for, as a release
    /// is cut (so the assembly a boot loads says which build runs), and small entry applications for faulty releases (one that crashes at start,
    /// one that hangs). Bundles hold those with the other firmware assemblies and the drivers of this build, as the
    /// host loader expects.
    /// </summary>
    public static class FirmwareBuilds
    {
        private static readonly ConcurrentDictionary<string, byte[]> Built = new ConcurrentDictionary<string, byte[]>();
        private static readonly Lazy<MetadataReference[]> References = new Lazy<MetadataReference[]>(LoadReferences);

        /// <summary>An entry application that throws at start.</summary>
        public const string Crashing = "public sealed class CrashingApplication : Firmware.Boot.IApplication { public void Run(Firmware.Ports.Platform p) { throw new System.InvalidOperationException(\"this release crashes at start\"); } }";

        /// <summary>An entry application that never returns: it sleeps on the device's clock for ever.</summary>
        public const string Hanging = "public sealed class HangingApplication : Firmware.Boot.IApplication { public void Run(Firmware.Ports.Platform p) { while (true) { p.Clock.Sleep(1000); } } }";

        /// <summary>
        /// An entry application whose own watchdog thread forces the deep sleep while the application hangs on the
        /// device's clock (what the firmware's wake watchdog does under a hung wake).
        /// </summary>
        public const string WatchdogOverHang = "public sealed class WatchdogOverHangApplication : Firmware.Boot.IApplication { public void Run(Firmware.Ports.Platform p) { new System.Threading.Thread(() => { System.Threading.Thread.Sleep(50); p.Power.DeepSleep(5000); }) { IsBackground = true }.Start(); while (true) { p.Clock.Sleep(1000); } } }";

        /// <summary>The same over an application that spins without touching any port for 1.5 s (it cannot be stopped).</summary>
        public const string WatchdogOverSpin = "public sealed class WatchdogOverSpinApplication : Firmware.Boot.IApplication { public void Run(Firmware.Ports.Platform p) { new System.Threading.Thread(() => { System.Threading.Thread.Sleep(50); p.Power.DeepSleep(5000); }) { IsBackground = true }.Start(); long end = System.Environment.TickCount64 + 1500; while (System.Environment.TickCount64 < end) { } } }";

        /// <summary>The name of the assembly that holds the entry type and the firmware version.</summary>
        public static string EntryAssemblyName => typeof(Application).Assembly.GetName().Name;

        /// <summary>Firmware.Device.dll with the given version.</summary>
        public static byte[] Firmware(string version) => Built.GetOrAdd("Firmware " + version, _ => CompileFirmware(version));

        /// <summary>
        /// A bundle of the firmware at <paramref name="version"/>: this build's firmware assemblies in load order, with
        /// Firmware.Device compiled at that version.
        /// </summary>
        public static byte[] Bundle(string version, long securityCounter)
        {
            List<(string Name, byte[] Bytes)> files = new List<(string Name, byte[] Bytes)>();
            foreach (System.Reflection.Assembly assembly in HostLoader.FirmwareAssemblies())
            {
                files.Add(assembly.GetName().Name == EntryAssemblyName ? (EntryAssemblyName, Firmware(version)) : HostLoader.AssemblyFile(assembly));
            }

            return BundleWriter.Build(SemanticVersion.Parse(version), securityCounter, typeof(Application).FullName, HostLoader.EntryIndex(files, EntryAssemblyName), files.ToArray());
        }

        /// <summary>A faulty release: a bundle whose only assembly is the fixture, its entry application.</summary>
        public static byte[] Faulty(string version, long securityCounter, string fixtureSource)
        {
            byte[] fixture = Built.GetOrAdd("fixture " + fixtureSource, _ => Compile("OtaFixture", new[] { CSharpSyntaxTree.ParseText(fixtureSource) }));
            string entry = Regex.Match(fixtureSource, @"class (\w+)").Groups[1].Value;
            return BundleWriter.Build(SemanticVersion.Parse(version), securityCounter, entry, 0, new[] { ("OtaFixture", fixture) });
        }

        private static byte[] CompileFirmware(string version)
        {
            string root = Repository.PathOf("Firmware/Device");
            List<SyntaxTree> trees = new List<SyntaxTree>();
            CSharpParseOptions options = new CSharpParseOptions(LanguageVersion.CSharp7_3);
            foreach (string file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/bin/") && !f.Contains("/obj/")).OrderBy(f => f, StringComparer.Ordinal))
            {
                string text = File.ReadAllText(file);
                if (file.EndsWith("/Properties/AssemblyInfo.cs", StringComparison.Ordinal))
                {
                    string replaced = Regex.Replace(text, "AssemblyVersion\\(\"[^\"]*\"\\)", $"AssemblyVersion(\"{version}.0\")");
                    if (replaced == text)
                    {
                        throw new InvalidOperationException("Firmware/Device/Properties/AssemblyInfo.cs no longer declares the build's AssemblyVersion");
                    }

                    text = replaced;
                }

                trees.Add(CSharpSyntaxTree.ParseText(text, options, file));
            }

            return Compile(EntryAssemblyName, trees);
        }

        private static byte[] Compile(string name, IEnumerable<SyntaxTree> trees)
        {
            CSharpCompilation compilation = CSharpCompilation.Create(
                name,
                trees,
                References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
            using MemoryStream output = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(output);
            if (!result.Success)
            {
                throw new InvalidOperationException($"{name} does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
            }

            return output.ToArray();
        }

        private static MetadataReference[] LoadReferences()
        {
            string[] framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")).Split(Path.PathSeparator);
            return framework
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "mscorlib.dll" || Path.GetFileName(p) == "netstandard.dll")
                .Append(typeof(IApplication).Assembly.Location)
                .Concat(HostLoader.FirmwareAssemblies().Select(a => a.Location))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToArray();
        }
    }
}
