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

        public static string LanguageVersion(string nfproj)
        {
            return XDocument.Load(nfproj).Descendants(Msbuild + "LangVersion").Select(e => e.Value.Trim()).FirstOrDefault() ?? "7.3";
        }

        /// <summary>
        /// The device projects that build from nanoFramework's mscorlib (and its test framework) alone, in
        /// dependency order; the others are listed in <paramref name="skipped"/> with the packages they need.
        /// </summary>
        public static IReadOnlyList<GateProject> PortableProjects(string root, out IReadOnlyList<string> skipped)
        {
            List<string> skip = new List<string>();
            Dictionary<string, GateProject> portable = new Dictionary<string, GateProject>(StringComparer.Ordinal);
            Dictionary<string, IReadOnlyList<string>> dependencies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (string nfproj in FindProjects(root))
            {
                var packages = Packages(nfproj);
                string[] others = packages.Select(p => p.Id).Where(id => !PortablePackages.Contains(id)).ToArray();
                if (others.Length > 0)
                {
                    skip.Add($"{Path.GetRelativePath(root, nfproj)} (needs {others.Length} nanoFramework packages that restore only in Visual Studio)");
                    continue;
                }

                IReadOnlyList<string> refs = ProjectReferences(nfproj);
                dependencies[nfproj] = refs;
                portable[nfproj] = new GateProject(
                    AssemblyName(nfproj),
                    CompileItems(nfproj),
                    refs.Select(AssemblyName).ToList(),
                    packages.Any(p => p.Id == "nanoFramework.TestFramework"),
                    LanguageVersion(nfproj));
            }

            // Order so that every project comes after the projects it references.
            List<GateProject> ordered = new List<GateProject>();
            HashSet<string> done = new HashSet<string>(StringComparer.Ordinal);
            void Visit(string project, int depth)
            {
                if (depth > portable.Count)
                {
                    throw new InvalidOperationException("project references form a cycle at " + project);
                }

                if (done.Contains(project))
                {
                    return;
                }

                foreach (string dependency in dependencies[project])
                {
                    if (!portable.ContainsKey(dependency))
                    {
                        throw new InvalidOperationException($"{project} references {dependency}, which is not a portable device project");
                    }

                    Visit(dependency, depth + 1);
                }

                done.Add(project);
                ordered.Add(portable[project]);
            }

            foreach (string project in portable.Keys.OrderBy(p => p, StringComparer.Ordinal))
            {
                Visit(project, 0);
            }

            skipped = skip;
            return ordered;
        }
    }
}
