using System;
using System.Collections.Generic;
using System.IO;

namespace Firmware.Tools.NanoGate
{
    public static class Program
    {
        /// <summary>
        /// Checks every portable .nfproj under the given root (default: the current folder); exit 1 on findings.
        /// With --update-compile-lists, first rewrites every .nfproj's compile list from its folder.
        /// </summary>
        public static int Main(string[] args)
        {
            bool update = Array.IndexOf(args, "--update-compile-lists") >= 0;
            string rootArg = Array.Find(args, a => !a.StartsWith("--", StringComparison.Ordinal));
            string root = Path.GetFullPath(rootArg ?? ".");
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

            IReadOnlyList<GateProject> projects = NfprojReader.PortableProjects(root, out IReadOnlyList<string> skipped);
            IReadOnlyList<GateFinding> findings = NanoApiGate.FromInstallation().Check(projects, root);
            foreach (GateProject project in projects)
            {
                Console.WriteLine($"checked {project.Name}: {project.SourceFiles.Count} files");
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
    }
}
