using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Firmware.Boot;
using Firmware.Host.Ota;
using Firmware.Storage;
using Firmware.Tools.NanoGate;

namespace Firmware.Tools.DeviceBuild
{
    public static class Program
    {
        /// <summary>Exit status when no toolchain is found: the device stage was skipped.</summary>
        public const int Skipped = 3;

        /// <summary>Runs of each benchmark project with --bench.</summary>
        public const int BenchRuns = 5;

        private const string Usage =
            "usage: devicebuild [ROOT] [--toolchain DIR] [--out DIR] [--no-tests] [--bench] [--timeout SECONDS]\n" +
            "  ROOT             the repository (default: the current folder)\n" +
            "  --toolchain DIR  the nanoFramework toolchain (default: $NANOCLR_HOME)\n" +
            "  --out DIR        where the .dll, .pe and bundle files go (default: ROOT/artifacts/device)\n" +
            "  --no-tests       build and convert only\n" +
            "  --bench          run the benchmark projects (<DeviceBenchmark>) instead of the tests, then print their figures\n" +
            "                   scaled to an ESP32 (docs/power.md); a benchmark never fails on a figure\n" +
            "  --timeout S      limit for each test project on the interpreter (default 600)";

        /// <summary>
        /// Builds and converts every device assembly, prints their sizes and the ESP32 bundle's against its slot, then
        /// runs every device test project on the interpreter. Exit 0 when all converted, fit and passed; 1 otherwise;
        /// 2 on bad usage; 3 when there is no toolchain (the device stage is skipped and says how to get one).
        /// </summary>
        public static int Main(string[] args)
        {
            string root = null;
            string toolchainHome = Environment.GetEnvironmentVariable("NANOCLR_HOME");
            string output = null;
            bool tests = true;
            bool bench = false;
            int timeout = 600;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--toolchain" when i + 1 < args.Length:
                        toolchainHome = args[++i];
                        break;
                    case "--out" when i + 1 < args.Length:
                        output = Path.GetFullPath(args[++i]);
                        break;
                    case "--timeout" when i + 1 < args.Length && int.TryParse(args[i + 1], out int t) && t > 0:
                        timeout = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "--no-tests":
                        tests = false;
                        break;
                    case "--bench":
                        bench = true;
                        break;
                    case "-h":
                    case "--help":
                        Console.WriteLine(Usage);
                        return 0;
                    default:
                        if (args[i].StartsWith("-", StringComparison.Ordinal) || root != null)
                        {
                            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'\n{Usage}");
                            return 2;
                        }

                        root = Path.GetFullPath(args[i]);
                        break;
                }
            }

            root ??= Path.GetFullPath(".");
            output ??= Path.Combine(root, "artifacts", "device");
            Toolchain toolchain = Toolchain.At(toolchainHome, out string why);
            if (toolchain == null)
            {
                Console.WriteLine($"device stage skipped: {why}. It needs the nanoFramework toolchain (MetadataProcessor, nanoCLR " +
                    "interpreter, test framework images, reference assemblies): build it with tools/nanoclr/build.sh (needs internet) " +
                    "and set NANOCLR_HOME to its folder.");
                return Skipped;
            }

            DeviceBuilder builder = new DeviceBuilder(toolchain, root, output);
            builder.Build();
            foreach (string error in builder.Errors)
            {
                Console.Error.WriteLine(error);
            }

            if (builder.Errors.Count > 0)
            {
                Console.WriteLine("device build failed: " + builder.Errors.Count + " error(s)");
                return 1;
            }

            bool ok = PrintSizes(builder);
            ok &= PrintBundle(builder, output);
            string[] bundleImage = BuildBundleImage(builder, toolchain, output, ref ok);
            if (!tests)
            {
                return ok ? 0 : 1;
            }

            int passed = 0;
            int failed = 0;
            int skipped = 0;
            List<DeviceTestResult> benchmarks = new List<DeviceTestResult>();
            foreach (ConvertedAssembly test in builder.Assemblies.Where(a => a.Project.IsTestProject))
            {
                string name = builder.TestFolderName(test.Project);
                bool benchmark = NfprojReader.Property(test.Project.ProjectFile, "DeviceBenchmark") == "true";
                if (benchmark != bench)
                {
                    continue;
                }

                if (test.Error != null)
                {
                    Console.WriteLine($"{name,-28} not converted");
                    failed++;
                    continue;
                }

                // Only what the project references: a test that loads the firmware from a bundle must not find it
                // loaded already. The bundle image's parts go beside the projects that ask for them.
                List<string> images = builder.DependenciesOf(test).Where(a => !a.NeedsPackages).Select(a => a.Pe).ToList();
                if (NfprojReader.Property(test.Project.ProjectFile, "DeployBundleImage") == "true" && bundleImage != null)
                {
                    images.AddRange(bundleImage);
                }

                images.Add(test.Pe);
                DeviceTestResult result = DeviceTestRunner.Run(toolchain, name, images.ToArray(), TimeSpan.FromSeconds(timeout));
                for (int run = 1; benchmark && run < BenchRuns; run++)
                {
                    // Figures of a shared machine: more runs, so that the least of them is near the true cost.
                    DeviceTestResult again = DeviceTestRunner.Run(toolchain, name, images.ToArray(), TimeSpan.FromSeconds(timeout));
                    benchmarks.Add(again);
                    result.Failed += again.Failed;
                    result.Failures.AddRange(again.Failures);
                }

                File.WriteAllText(Path.Combine(Path.GetDirectoryName(test.Pe), "output.txt"), result.Output);
                Console.WriteLine($"{name,-28} {result.Passed,4} passed, {result.Failed} failed, {result.Skipped} skipped  ({result.Seconds:0.0} s)");
                foreach (string failure in result.Failures)
                {
                    Console.WriteLine("    " + failure);
                }

                if (benchmark)
                {
                    benchmarks.Add(result);
                }

                passed += result.Passed;
                failed += result.Failed;
                skipped += result.Skipped;
            }

            if (!ok)
            {
                failed++;
            }

            if (bench)
            {
                BenchReport.Print(benchmarks);
                Console.WriteLine($"device benchmarks on nanoCLR: {passed} passed, {failed} failed, {skipped} skipped");
                return failed == 0 ? 0 : 1;
            }

            Console.WriteLine($"device tests on nanoCLR: {passed} passed, {failed} failed, {skipped} skipped");
            return failed == 0 ? 0 : 1;
        }

        private static bool PrintSizes(DeviceBuilder builder)
        {
            bool ok = true;
            Console.WriteLine($"{"assembly (Release)",-34} {"IL",8} {".pe code",9} {".pe strings",12} {".pe bytes",10}");
            foreach (ConvertedAssembly a in builder.Assemblies)
            {
                string name = a.Project.IsTestProject ? "NFUnitTest " + builder.TestFolderName(a.Project).Replace("Firmware.Tests.", "") : a.Project.Name;
                if (a.Error != null)
                {
                    ok = false;
                    Console.WriteLine($"{name,-34} {a.Compiled.Release.ByteCode,8:N0} the MetadataProcessor refused it:");
                    Console.WriteLine("    " + string.Join("\n    ", a.Error.Split('\n').Where(l => l.Trim().Length > 0).TakeLast(6)));
                    continue;
                }

                Console.WriteLine($"{name,-34} {a.Compiled.Release.ByteCode,8:N0} {a.Image.ByteCodeBytes,9:N0} {a.Image.StringBytes,12:N0} {a.Image.Size,10:N0}");
                if (a.Image.ByteCodeBytes > NanoApiGate.AssemblyBudget || a.Image.StringBytes > NanoApiGate.AssemblyBudget)
                {
                    ok = false;
                    Console.WriteLine($"    over the budget of {NanoApiGate.AssemblyBudget:N0} bytes of byte code and of strings");
                }
            }

            return ok;
        }

        /// <summary>
        /// The ESP32 bundle: the application project and every project it references but the frozen loader core, in
        /// load order, as the bundle format packs them; written to OUT/esp32-bundle.bin and measured against a slot.
        /// </summary>
        private static bool PrintBundle(DeviceBuilder builder, string output)
        {
            byte[] bundle = Bundle(builder, "Firmware.Esp32", "Firmware.Esp32.Esp32Application", out List<ConvertedAssembly> parts, out string why);
            if (bundle == null)
            {
                Console.WriteLine("ESP32 bundle: not built (" + why + ")");
                return false;
            }

            File.WriteAllBytes(Path.Combine(output, "esp32-bundle.bin"), bundle);

            // One sector of each slot holds its progress marks (ManagedUpdateSlots.SlotImageCapacity).
            int capacity = FlashLayout.StandardSlotBytes - 4096;
            Console.WriteLine($"ESP32 bundle: {parts.Count} assemblies in load order ({string.Join(", ", parts.Select(p => p.Project.Name))}), " +
                $"{bundle.Length:N0} bytes of a slot's {capacity:N0} ({100.0 * bundle.Length / capacity:0.0} %)");
            if (bundle.Length > capacity)
            {
                Console.WriteLine("    the bundle does not fit a slot");
                return false;
            }

            return true;
        }

        /// <summary>
        /// The portable bundle (Firmware.Device and the updatable assemblies it references, entry
        /// Firmware.Device.Application: what the ESP32 bundle carries but its board adapters), written to
        /// OUT/portable-bundle.bin and split into the data assemblies the boot tests load (OUT/bundle-image).
        /// Returns their .pe files, or null (and clears <paramref name="ok"/>) when they could not be built.
        /// </summary>
        private static string[] BuildBundleImage(DeviceBuilder builder, Toolchain toolchain, string output, ref bool ok)
        {
            byte[] bundle = Bundle(builder, "Firmware.Device", "Firmware.Device.Application", out List<ConvertedAssembly> parts, out string why);
            if (bundle == null)
            {
                Console.WriteLine("portable bundle: not built (" + why + ")");
                ok = false;
                return null;
            }

            File.WriteAllBytes(Path.Combine(output, "portable-bundle.bin"), bundle);
            string[] images = BundleImageAssemblies.Build(toolchain, bundle, Path.Combine(output, "bundle-image"), out string error);
            if (images == null)
            {
                Console.WriteLine("portable bundle: its data assemblies were not built: " + error);
                ok = false;
                return null;
            }

            Console.WriteLine($"portable bundle: {parts.Count} assemblies, {bundle.Length:N0} bytes, carried to the boot tests by {images.Length} data assemblies");
            return images;
        }

        /// <summary>
        /// The bundle of <paramref name="application"/> (entry <paramref name="entryType"/>) and every project it
        /// references but the frozen loader core, in load order; null with <paramref name="why"/> when a part did not convert.
        /// </summary>
        private static int EntryIndex(IReadOnlyList<BundleAssembly> ordered, string name)
        {
            for (int i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].Name == name)
                {
                    return i;
                }
            }

            return ordered.Count - 1;
        }

        private static byte[] Bundle(DeviceBuilder builder, string application, string entryType, out List<ConvertedAssembly> parts, out string why)
        {
            ConvertedAssembly entry = builder.Assemblies.SingleOrDefault(a => a.Project.Name == application);
            parts = null;
            if (entry == null || entry.Error != null)
            {
                why = application + " did not convert";
                return null;
            }

            parts = builder.DependenciesOf(entry).Where(a => a.Project.Name != "Firmware.Loader").Append(entry).ToList();
            if (parts.Any(p => p.Error != null))
            {
                why = "a part did not convert";
                return null;
            }

            // Ordered from the .pe files' own references, as `ota bundle` orders them (given here in reverse).
            List<ConvertedAssembly> given = parts;
            List<BundleAssembly> files = given.AsEnumerable().Reverse().Select(p => BundleAssembly.Read(p.Pe, File.ReadAllBytes(p.Pe))).ToList();
            IReadOnlyList<BundleAssembly> ordered = BundleOrder.Sort(files);
            parts = ordered.Select(o => given.Single(p => p.Project.Name == o.Name)).ToList();
            why = null;
            return BundleWriter.Build(SemanticVersion.Parse("0.0.0"), 0, entryType, EntryIndex(ordered, application),
                ordered.Select(a => (a.Name, a.Bytes)).ToArray());
        }
    }
}
