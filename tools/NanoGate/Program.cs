using System;
using System.Collections.Generic;
using System.IO;

namespace Firmware.Tools.NanoGate
{
    public static class Program
    {
        private const string Usage =
            "usage: nanogate [ROOT] [--update-compile-lists] [--references DIR] [--test-framework DLL] [--out DIR]\n" +
            "  ROOT                    the repository (default: the current folder)\n" +
            "  --update-compile-lists  first rewrite every .nfproj's compile list from its folder\n" +
            "  --references DIR        also compile the projects whose packages DIR holds reference assemblies of\n" +
            "                          (a nanoFramework toolchain's ref folder: the ESP32 projects)\n" +
            "  --test-framework DLL    compile the device tests against this nanoFramework.TestFramework.dll\n" +
            "                          (needed for .pe files) instead of the declared surface\n" +
            "  --out DIR               write each assembly's Release build to DIR/NAME.dll (test projects to\n" +
            "                          DIR/tests/FOLDER/NFUnitTest.dll)";

        /// <summary>
        /// Checks every device project under the root: compiles it against nanoFramework's mscorlib, applies the device
        /// rules and the size budget, prints each assembly's byte code and strings; exit 1 on findings, 2 on bad usage.
        /// </summary>
        public static int Main(string[] args)
        {
            string root = null;
            string references = null;
            string testFramework = null;
            string output = null;
            bool update = false;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                switch (a)
                {
                    case "--update-compile-lists":
                        update = true;
                        break;
                    case "--references":
                    case "--test-framework":
                    case "--out":
                        if (i + 1 >= args.Length)
                        {
                            Console.Error.WriteLine($"{a} needs a value\n{Usage}");
                            return 2;
                        }

                        string value = Path.GetFullPath(args[++i]);
                        if (a == "--references")
                        {
                            references = value;
                        }
                        else if (a == "--test-framework")
                        {
                            testFramework = value;
                        }
                        else
                        {
                            output = value;
                        }

                        break;
                    case "-h":
                    case "--help":
                        Console.WriteLine(Usage);
                        return 0;
                    default:
                        if (a.StartsWith("-", StringComparison.Ordinal) || root != null)
                        {
                            Console.Error.WriteLine($"unknown argument '{a}'\n{Usage}");
                            return 2;
                        }

                        root = Path.GetFullPath(a);
                        break;
                }
            }

            root ??= Path.GetFullPath(".");
            if (references != null && !Directory.Exists(references))
            {
                Console.Error.WriteLine($"--references: no folder {references}");
                return 2;
            }

            if (testFramework != null && !File.Exists(testFramework))
            {
                Console.Error.WriteLine($"--test-framework: no file {testFramework}");
                return 2;
            }

            if (update)
            {
                foreach (string nfproj in NfprojReader.FindProjects(root))
                {
                    if (CompileListUpdater.Update(nfproj))
                    {
                        Console.WriteLine($"updated the compile list of {Path.GetRelativePath(root, nfproj)}");
                    }
                }
            }

            IReadOnlyList<GateProject> projects = NfprojReader.DeviceProjects(root, references, out IReadOnlyList<string> skipped);
            NanoApiGate gate = NanoApiGate.FromInstallation();
            gate.TestFrameworkReference = testFramework;
            List<CompiledAssembly> compiled = new List<CompiledAssembly>();
            IReadOnlyList<GateFinding> findings = gate.Check(projects, root, compiled);

            Console.WriteLine($"{"assembly",-34} {"files",5} {"byte code",10} {"(Release)",10} {"strings",9}  of {NanoApiGate.AssemblyBudget:N0} each");
            foreach (CompiledAssembly assembly in compiled)
            {
                string name = assembly.Project.IsTestProject ? $"NFUnitTest ({Path.GetRelativePath(root, Path.GetDirectoryName(assembly.Project.ProjectFile))})" : assembly.Project.Name;
                Console.WriteLine(assembly.Debug == null
                    ? $"{name,-34} {assembly.Project.SourceFiles.Count,5} does not compile"
                    : $"{name,-34} {assembly.Project.SourceFiles.Count,5} {assembly.Debug.ByteCode,10:N0} {assembly.Release.ByteCode,10:N0} {Math.Max(assembly.Debug.Strings, assembly.Release.Strings),9:N0}");
                if (output != null && assembly.ReleaseImage != null)
                {
                    string path = OutputPath(output, root, assembly.Project);
                    Directory.CreateDirectory(Path.GetDirectoryName(path));
                    File.WriteAllBytes(path, assembly.ReleaseImage);
                }
            }

            foreach (string s in skipped)
            {
                Console.WriteLine($"not compiled here: {s}");
            }

            foreach (GateFinding finding in findings)
            {
                Console.Error.WriteLine(finding);
            }

            Console.WriteLine(findings.Count == 0 ? "nanoFramework API gate: passed" : $"nanoFramework API gate: {findings.Count} finding(s)");
            return findings.Count == 0 ? 0 : 1;
        }

        /// <summary>Where --out puts an assembly: DIR/NAME.dll, or DIR/tests/FOLDER/NFUnitTest.dll for a test project.</summary>
        public static string OutputPath(string output, string root, GateProject project)
        {
            if (project.IsTestProject)
            {
                string folder = Path.GetRelativePath(root, Path.GetDirectoryName(project.ProjectFile)).Replace(Path.DirectorySeparatorChar, '.');
                return Path.Combine(output, "tests", folder, project.Name + ".dll");
            }

            return Path.Combine(output, project.Name + ".dll");
        }
    }
}
