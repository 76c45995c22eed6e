using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Firmware.Tools.NanoGate
{
    /// <summary>
    /// Reads the device projects (.nfproj) of a repository: their compile lists, project references and
    /// packages. The .nfproj files are what Visual Studio builds for the device, so the gate checks exactly
    /// the files the device gets.
    /// </summary>
    public static class NfprojReader
    {
        private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

        /// <summary>Packages a project may use and still be compiled here.</summary>
        public static readonly string[] PortablePackages = { "nanoFramework.CoreLibrary", "nanoFramework.TestFramework" };

        /// <summary>Every .nfproj under <paramref name="root"/>, outside bin and obj folders.</summary>
        public static IReadOnlyList<string> FindProjects(string root)
        {
            return Directory.GetFiles(root, "*.nfproj", SearchOption.AllDirectories)
                .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part == "bin" || part == "obj" || part.StartsWith('.')))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
        }

        public static string AssemblyName(string nfproj)
        {
            XDocument doc = XDocument.Load(nfproj);
            return doc.Descendants(Msbuild + "AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault()
                ?? Path.GetFileNameWithoutExtension(nfproj);
        }

        /// <summary>Full paths of the project's Compile items (paths written with either slash).</summary>
        public static IReadOnlyList<string> CompileItems(string nfproj)
        {
            string dir = Path.GetDirectoryName(nfproj);
            return XDocument.Load(nfproj).Descendants(Msbuild + "Compile")
                .Select(e => (string)e.Attribute("Include"))
                .Where(i => i != null)
                .Select(i => Path.GetFullPath(Path.Combine(dir, i.Replace('\\', Path.DirectorySeparatorChar))))
                .ToList();
        }

        /// <summary>Full paths of the .nfproj files it references.</summary>
        public static IReadOnlyList<string> ProjectReferences(string nfproj)
        {
            string dir = Path.GetDirectoryName(nfproj);
            return XDocument.Load(nfproj).Descendants(Msbuild + "ProjectReference")
                .Select(e => (string)e.Attribute("Include"))
                .Where(i => i != null)
                .Select(i => Path.GetFullPath(Path.Combine(dir, i.Replace('\\', Path.DirectorySeparatorChar))))
                .ToList();
        }

        /// <summary>The packages of the packages.config beside the project: id and version.</summary>
        public static IReadOnlyList<(string Id, string Version, string TargetFramework)> Packages(string nfproj)
        {
            string config = Path.Combine(Path.GetDirectoryName(nfproj), "packages.config");
            if (!File.Exists(config))
            {
                return Array.Empty<(string, string, string)>();
            }

            return XDocument.Load(config).Descendants("package")
                .Select(e => ((string)e.Attribute("id"), (string)e.Attribute("version"), (string)e.Attribute("targetFramework")))
                .ToList();
        }

        /// <summary>The value of the project's property <paramref name="name"/>, or null when it sets none.</summary>
        public static string Property(string nfproj, string name)
        {
            return XDocument.Load(nfproj).Descendants(Msbuild + name).Select(e => e.Value.Trim()).FirstOrDefault();
        }

        public static string LanguageVersion(string nfproj)
        {
            return XDocument.Load(nfproj).Descendants(Msbuild + "LangVersion").Select(e => e.Value.Trim()).FirstOrDefault() ?? "7.3";
        }

        /// <summary>
        /// The file names of the assemblies the project references from packages (its Reference items' HintPaths),
        /// without mscorlib and the test framework's.
        /// </summary>
        public static IReadOnlyList<string> PackageAssemblyFiles(string nfproj)
        {
            return XDocument.Load(nfproj).Descendants(Msbuild + "Reference")
                .Select(e => (string)e.Element(Msbuild + "HintPath"))
                .Where(h => h != null)
                .Select(h => h.Replace('\\', '/').Split('/').Last())
                .Where(f => f != "mscorlib.dll" && !f.StartsWith("nanoFramework.TestFramework", StringComparison.Ordinal)
                    && !f.StartsWith("nanoFramework.UnitTestLauncher", StringComparison.Ordinal))
                .ToList();
        }

        /// <summary>
        /// The device projects that build from nanoFramework's mscorlib (and its test framework) alone, in
        /// dependency order; the others are listed in <paramref name="skipped"/> with the packages they need.
        /// </summary>
        public static IReadOnlyList<GateProject> PortableProjects(string root, out IReadOnlyList<string> skipped)
        {
            return DeviceProjects(root, null, out skipped);
        }

        /// <summary>
        /// The device projects in dependency order. Without <paramref name="referenceFolder"/> only the portable ones
        /// (mscorlib and the test framework alone); with it also those whose every package assembly it holds (a
        /// toolchain's reference assemblies of the pinned packages). The others are listed in <paramref name="skipped"/>.
        /// </summary>
        public static IReadOnlyList<GateProject> DeviceProjects(string root, string referenceFolder, out IReadOnlyList<string> skipped)
        {
            List<string> skip = new List<string>();
            Dictionary<string, GateProject> included = new Dictionary<string, GateProject>(StringComparer.Ordinal);
            foreach (string nfproj in FindProjects(root))
            {
                var packages = Packages(nfproj);
                string[] others = packages.Select(p => p.Id).Where(id => !PortablePackages.Contains(id)).ToArray();
                List<string> packageAssemblies = new List<string>();
                if (others.Length > 0)
                {
                    string[] files = PackageAssemblyFiles(nfproj).ToArray();
                    string[] missing = referenceFolder == null ? files : files.Where(f => !File.Exists(Path.Combine(referenceFolder, f))).ToArray();
                    if (referenceFolder == null || missing.Length > 0)
                    {
                        skip.Add(referenceFolder == null
                            ? $"{Path.GetRelativePath(root, nfproj)} (needs {others.Length} nanoFramework packages that restore only in Visual Studio)"
                            : $"{Path.GetRelativePath(root, nfproj)} (no reference assembly for {string.Join(", ", missing)} in {referenceFolder})");
                        continue;
                    }

                    packageAssemblies.AddRange(files.Select(f => Path.Combine(referenceFolder, f)));
                }

                included[nfproj] = new GateProject(
                    AssemblyName(nfproj),
                    nfproj,
                    CompileItems(nfproj),
                    ProjectReferences(nfproj),
                    packages.Any(p => p.Id == "nanoFramework.TestFramework"),
                    LanguageVersion(nfproj),
                    packageAssemblies);
            }

            // Order so that every project comes after the projects it references.
            List<GateProject> ordered = new List<GateProject>();
            HashSet<string> done = new HashSet<string>(StringComparer.Ordinal);
            HashSet<string> visiting = new HashSet<string>(StringComparer.Ordinal);
            void Visit(string project)
            {
                if (done.Contains(project))
                {
                    return;
                }

                if (!visiting.Add(project))
                {
                    throw new InvalidOperationException("project references form a cycle at " + project);
                }

                foreach (string dependency in included[project].ProjectReferences)
                {
                    if (!included.ContainsKey(dependency))
                    {
                        throw new InvalidOperationException($"{project} references {dependency}, which is not a device project compiled here");
                    }

                    Visit(dependency);
                }

                done.Add(project);
                ordered.Add(included[project]);
            }

            foreach (string project in included.Keys.OrderBy(p => p, StringComparer.Ordinal))
            {
                Visit(project);
            }

            skipped = skip;
            return ordered;
        }
    }
}
