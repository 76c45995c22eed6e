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

        private const string Usage =
            "usage: devicebuild [ROOT] [--toolchain DIR] [--out DIR] [--no-tests] [--timeout SECONDS]\n" +
            "  ROOT             the repository (default: the current folder)\n" +
            "  --toolchain DIR  the nanoFramework toolchain (default: $NANOCLR_HOME)\n" +
            "  --out DIR        where the .dll, .pe and bundle files go (default: ROOT/artifacts/device)\n" +
            "  --no-tests       build and convert only\n" +
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
            if (!tests)
            {
                return ok ? 0 : 1;
            }

            int passed = 0;
            int failed = 0;
            int skipped = 0;
            string[] dependencies = builder.Assemblies.Where(a => !a.Project.IsTestProject && !a.NeedsPackages).Select(a => a.Pe).ToArray();
            foreach (ConvertedAssembly test in builder.Assemblies.Where(a => a.Project.IsTestProject))
            {
                string name = builder.TestFolderName(test.Project);
                if (test.Error != null)
                {
                    Console.WriteLine($"{name,-28} not converted");
                    failed++;
                    continue;
                }

                DeviceTestResult result = DeviceTestRunner.Run(toolchain, name, dependencies.Append(test.Pe).ToArray(), TimeSpan.FromSeconds(timeout));
                File.WriteAllText(Path.Combine(Path.GetDirectoryName(test.Pe), "output.txt"), result.Output);
                Console.WriteLine($"{name,-28} {result.Passed,4} passed, {result.Failed} failed, {result.Skipped} skipped  ({result.Seconds:0.0} s)");
                foreach (string failure in result.Failures)
                {
                    Console.WriteLine("    " + failure);
                }

                passed += result.Passed;
                failed += result.Failed;
                skipped += result.Skipped;
            }

            if (!ok)
            {
                failed++;
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
            ConvertedAssembly application = builder.Assemblies.SingleOrDefault(a => a.Project.Name == "Firmware.Esp32");
            if (application == null || application.Error != null)
            {
                Console.WriteLine("ESP32 bundle: not built (Firmware.Esp32 did not convert)");
                return false;
            }

            HashSet<string> wanted = new HashSet<string>(StringComparer.Ordinal);
            void Add(GateProject project)
            {
                if (wanted.Add(project.ProjectFile))
                {
                    foreach (string reference in project.ProjectReferences)
                    {
                        Add(builder.Assemblies.Single(a => a.Project.ProjectFile == reference).Project);
                    }
                }
            }

            Add(application.Project);
            List<ConvertedAssembly> parts = builder.Assemblies.Where(a => wanted.Contains(a.Project.ProjectFile) && a.Project.Name != "Firmware.Loader").ToList();
            if (parts.Any(p => p.Error != null))
            {
                Console.WriteLine("ESP32 bundle: not built (a part did not convert)");
                return false;
            }

            // Ordered from the .pe files' own references, as `ota bundle` orders them (given here in reverse).
            List<BundleAssembly> files = parts.AsEnumerable().Reverse().Select(p => BundleAssembly.Read(p.Pe, File.ReadAllBytes(p.Pe))).ToList();
            IReadOnlyList<BundleAssembly> ordered = BundleOrder.Sort(files);
            byte[] bundle = BundleWriter.Build(SemanticVersion.Parse("0.0.0"), 0, "Firmware.Esp32.Esp32Application", ordered.Count - 1,
                ordered.Select(a => (a.Name, a.Bytes)).ToArray());
            File.WriteAllBytes(Path.Combine(output, "esp32-bundle.bin"), bundle);

            // One sector of each slot holds its progress marks (ManagedUpdateSlots.SlotImageCapacity).
            int capacity = FlashLayout.StandardSlotBytes - 4096;
            Console.WriteLine($"ESP32 bundle: {ordered.Count} assemblies in load order ({string.Join(", ", ordered.Select(a => a.Name))}), " +
                $"{bundle.Length:N0} bytes of a slot's {capacity:N0} ({100.0 * bundle.Length / capacity:0.0} %)");
            if (bundle.Length > capacity)
            {
                Console.WriteLine("    the bundle does not fit a slot");
                return false;
            }

            return true;
        }
    }
}
