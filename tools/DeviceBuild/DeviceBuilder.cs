using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Firmware.Tools.NanoGate;

namespace Firmware.Tools.DeviceBuild
{
    /// <summary>
    /// Builds every device project the way the device gets it: compiled by the gate against nanoFramework's mscorlib
    /// (the ESP32 projects against the toolchain's reference assemblies of the pinned packages, the tests against the
    /// real test framework), Release, then converted to a .pe by the MetadataProcessor. Output: OUT/dll, OUT/pe and
    /// OUT/tests/FOLDER for the test projects.
    /// </summary>
    public sealed class DeviceBuilder
    {
        private readonly Toolchain _toolchain;
        private readonly string _root;
        private readonly string _output;

        public DeviceBuilder(Toolchain toolchain, string root, string output)
        {
            _toolchain = toolchain;
            _root = root;
            _output = output;
        }

        /// <summary>Compile errors and projects that could not be compiled here; empty when every project built.</summary>
        public List<string> Errors { get; } = new List<string>();

        /// <summary>Every project, in dependency order, as compiled and converted.</summary>
        public List<ConvertedAssembly> Assemblies { get; } = new List<ConvertedAssembly>();

        public void Build()
        {
            IReadOnlyList<GateProject> projects = NfprojReader.DeviceProjects(_root, _toolchain.ReferenceFolder, out IReadOnlyList<string> skipped);
            foreach (string s in skipped)
            {
                Errors.Add("not compiled: " + s);
            }

            NanoApiGate gate = NanoApiGate.FromInstallation();
            gate.TestFrameworkReference = _toolchain.TestFramework;
            List<CompiledAssembly> compiled = new List<CompiledAssembly>();
            foreach (GateFinding finding in gate.Check(projects, _root, compiled).Where(f => f.Rule == "api"))
            {
                Errors.Add(finding.ToString());
            }

            if (Errors.Count > 0)
            {
                return;
            }

            Directory.CreateDirectory(Path.Combine(_output, "dll"));
            Directory.CreateDirectory(Path.Combine(_output, "pe"));
            foreach (CompiledAssembly assembly in compiled)
            {
                string dll;
                string pe;
                if (assembly.Project.IsTestProject)
                {
                    string folder = Path.Combine(_output, "tests", TestFolderName(assembly.Project));
                    Directory.CreateDirectory(folder);
                    dll = Path.Combine(folder, "NFUnitTest.dll");
                    pe = Path.Combine(folder, "NFUnitTest.pe");
                }
                else
                {
                    dll = Path.Combine(_output, "dll", assembly.Project.Name + ".dll");
                    pe = Path.Combine(_output, "pe", assembly.Project.Name + ".pe");
                }

                File.WriteAllBytes(dll, assembly.ReleaseImage);
                File.Delete(pe);
                Assemblies.Add(new ConvertedAssembly(assembly, dll, pe));
            }

            // Each conversion reads the .dll files only, so they run side by side.
            string[] firmwareDlls = Assemblies.Where(a => !a.Project.IsTestProject).Select(a => a.Dll).ToArray();
            Parallel.ForEach(Assemblies, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, assembly =>
            {
                List<string> references = new List<string>(firmwareDlls.Where(d => d != assembly.Dll));
                references.AddRange(assembly.Project.PackageAssemblies);
                assembly.Error = _toolchain.ToPe(assembly.Pe, assembly.Dll, references.ToArray());
                if (assembly.Error == null)
                {
                    assembly.Image = PeImage.Read(assembly.Pe);
                }
            });
        }

        /// <summary>Every project <paramref name="assembly"/> references, directly or not, in dependency order (itself excluded).</summary>
        public List<ConvertedAssembly> DependenciesOf(ConvertedAssembly assembly)
        {
            HashSet<string> wanted = new HashSet<string>(StringComparer.Ordinal);
            void Add(GateProject project)
            {
                foreach (string reference in project.ProjectReferences)
                {
                    if (wanted.Add(reference))
                    {
                        Add(Assemblies.Single(a => a.Project.ProjectFile == reference).Project);
                    }
                }
            }

            Add(assembly.Project);
            return Assemblies.Where(a => wanted.Contains(a.Project.ProjectFile)).ToList();
        }

        /// <summary>The test project's folder as one name: Firmware.Tests/Text is Firmware.Tests.Text.</summary>
        public string TestFolderName(GateProject project)
        {
            return Path.GetRelativePath(_root, Path.GetDirectoryName(project.ProjectFile)).Replace(Path.DirectorySeparatorChar, '.');
        }
    }
}
