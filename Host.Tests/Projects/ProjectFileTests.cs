using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Firmware.Host.Tests.Support;
using Firmware.Tools.NanoGate;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Firmware.Host.Tests.Projects
{
    /// <summary>
    /// The .nfproj projects are built by Visual Studio and the Windows workflow, never here; these tests keep
    /// them buildable from Linux: references, packages, compile lists and the solution agree.
    /// </summary>
    [TestClass]
    public sealed class ProjectFileTests
    {
        private const string NanoFrameworkProjectType = "{11A8DD76-328B-46DF-9F39-F559912D0360}";
        private const string CSharpSdkProjectType = "{9A19103F-16F7-4668-BE54-9A1E7A4F7556}";
        private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

        public static IEnumerable<object[]> DeviceProjects() =>
            NfprojReader.FindProjects(Repository.Root).Select(p => new object[] { Path.GetRelativePath(Repository.Root, p) });

        [TestMethod]
        [DynamicData(nameof(DeviceProjects))]
        public void EveryReferenceComesFromAPinnedPackage(string project)
        {
            string path = Repository.PathOf(project);
            var packages = NfprojReader.Packages(path);
            Assert.IsTrue(packages.Count > 0, $"{project} has no packages.config");
            foreach (var package in packages)
            {
                Assert.IsTrue(Regex.IsMatch(package.Version ?? "", @"^\d+\.\d+\.\d+$"), $"{project}: {package.Id} must be pinned to an exact stable version, not '{package.Version}'");
                Assert.AreEqual("netnano1.0", package.TargetFramework, $"{project}: {package.Id}");
            }

            Assert.AreEqual("1.17.11", packages.Single(p => p.Id == "nanoFramework.CoreLibrary").Version, $"{project}: the stable 1.x runtime's mscorlib");
            foreach (XElement reference in XDocument.Load(path).Descendants(Msbuild + "Reference"))
            {
                string hint = reference.Element(Msbuild + "HintPath")?.Value;
                Assert.IsNotNull(hint, $"{project}: reference {reference.Attribute("Include")} has no HintPath");
                Match m = Regex.Match(hint, @"^(\.\.\\)+packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\");
                Assert.IsTrue(m.Success, $"{project}: hint path '{hint}' is not ..\\packages\\<id>.<version>\\lib\\...");
                Assert.IsTrue(
                    packages.Any(p => p.Id == m.Groups["id"].Value && p.Version == m.Groups["version"].Value),
                    $"{project}: hint path '{hint}' names {m.Groups["id"].Value} {m.Groups["version"].Value}, which packages.config does not pin");
                string packagesDir = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path), hint.Replace('\\', '/').Split("packages/")[0], "packages"));
                Assert.AreEqual(Path.Combine(Repository.Root, "packages"), packagesDir, $"{project}: hint path must point to the solution's packages folder");
            }
        }

        [TestMethod]
        [DynamicData(nameof(DeviceProjects))]
        public void EveryCSharpFileIsInTheCompileList(string project)
        {
            string path = Repository.PathOf(project);
            string[] listed = XDocument.Load(path).Descendants(Msbuild + "Compile").Select(e => (string)e.Attribute("Include")).OrderBy(s => s, StringComparer.Ordinal).ToArray();
            string[] present = CompileListUpdater.SourcesInFolder(path).ToArray();
            CollectionAssert.AreEqual(present, listed,
                $"{project}: the compile list differs from the folder; run: dotnet run --project tools/NanoGate -- --update-compile-lists .");
        }

        [TestMethod]
        [DynamicData(nameof(DeviceProjects))]
        public void ProjectReferencesExist(string project)
        {
            foreach (string reference in NfprojReader.ProjectReferences(Repository.PathOf(project)))
            {
                Assert.IsTrue(File.Exists(reference), $"{project} references {reference}, which does not exist");
            }
        }

        [TestMethod]
        public void EveryPackageHasOneVersionAcrossTheSolution()
        {
            var versions = NfprojReader.FindProjects(Repository.Root)
                .SelectMany(p => NfprojReader.Packages(p).Select(pkg => (pkg.Id, pkg.Version, Project: Path.GetRelativePath(Repository.Root, p))))
                .GroupBy(x => x.Id)
                .Where(g => g.Select(x => x.Version).Distinct().Count() > 1)
                .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => $"{x.Version} in {x.Project}"))}")
                .ToArray();
            Assert.AreEqual(0, versions.Length, string.Join(Environment.NewLine, versions));
        }

        /// <summary>The device test projects: every .nfproj under Firmware.Tests that uses the test framework.</summary>
        public static IEnumerable<object[]> DeviceTestProjects() =>
            NfprojReader.FindProjects(Repository.PathOf("Firmware.Tests"))
                .Where(p => NfprojReader.Packages(p).Any(pkg => pkg.Id == "nanoFramework.TestFramework"))
                .Select(p => new object[] { Path.GetRelativePath(Repository.Root, p) });

        [TestMethod]
        public void TheDeviceTestsAreSplitIntoOneProjectPerFolder()
        {
            string[] projects = DeviceTestProjects().Select(p => (string)p[0]).ToArray();
            Assert.IsTrue(projects.Length >= 9, string.Join(", ", projects));
            foreach (string project in projects)
            {
                string folder = Path.GetDirectoryName(project);
                Assert.AreEqual(1, Directory.GetFiles(Repository.PathOf(folder), "*.nfproj").Length, $"{folder} holds one project");
            }
        }

        [TestMethod]
        [DynamicData(nameof(DeviceTestProjects))]
        public void EachDeviceTestProjectIsWhatTheNanoFrameworkRunnerExpects(string project)
        {
            string path = Repository.PathOf(project);
            XDocument doc = XDocument.Load(path);
            Assert.AreEqual("NFUnitTest", NfprojReader.AssemblyName(path), "the launcher loads the assembly named NFUnitTest");
            Assert.IsTrue(doc.Descendants(Msbuild + "ProjectCapability").Any(e => (string)e.Attribute("Include") == "TestContainer"));
            Assert.AreEqual("UnitTest", doc.Descendants(Msbuild + "TestProjectType").Single().Value);
            string settingsPath = doc.Descendants(Msbuild + "RunSettingsFilePath").Single().Value
                .Replace("$(MSBuildProjectDirectory)", Path.GetDirectoryName(path)).Replace('\\', '/');
            Assert.IsTrue(File.Exists(settingsPath), $"{project}: {settingsPath} does not exist");
            XDocument settings = XDocument.Load(settingsPath);
            Assert.AreEqual("False", settings.Descendants("UsePreviewClr").Single().Value, "the preview CLR is the 2.0 runtime");
        }

        [TestMethod]
        public void TheSolutionListsEveryProjectWithItsType()
        {
            string sln = File.ReadAllText(Repository.PathOf("Firmware.sln"));
            var entries = Regex.Matches(sln, "Project\\(\"(?<type>\\{[^}]+\\})\"\\) = \"(?<name>[^\"]+)\", \"(?<path>[^\"]+)\", \"(?<guid>\\{[^}]+\\})\"")
                .Select(m => (Type: m.Groups["type"].Value, Path: m.Groups["path"].Value.Replace('\\', '/'), Guid: m.Groups["guid"].Value))
                .ToList();
            foreach (string nfproj in NfprojReader.FindProjects(Repository.Root))
            {
                string relative = Path.GetRelativePath(Repository.Root, nfproj).Replace('\\', '/');
                var entry = entries.SingleOrDefault(e => e.Path == relative);
                Assert.IsNotNull(entry.Path, $"Firmware.sln does not list {relative}");
                Assert.AreEqual(NanoFrameworkProjectType, entry.Type, relative);
                string projectGuid = XDocument.Load(nfproj).Descendants(Msbuild + "ProjectGuid").Single().Value;
                Assert.AreEqual(projectGuid.ToUpperInvariant(), entry.Guid.ToUpperInvariant(), $"{relative}: ProjectGuid differs from the solution's");
            }

            string[] csprojs = SdkProjects();
            foreach (string relative in csprojs)
            {
                var entry = entries.SingleOrDefault(e => e.Path == relative);
                Assert.IsNotNull(entry.Path, $"Firmware.sln does not list {relative}");
                Assert.AreEqual(CSharpSdkProjectType, entry.Type, relative);
            }

            using JsonDocument filter = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("Firmware.Host.slnf")));
            string[] filtered = filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray()
                .Select(e => e.GetString().Replace('\\', '/')).OrderBy(s => s, StringComparer.Ordinal).ToArray();
            CollectionAssert.AreEqual(csprojs, filtered, "Firmware.Host.slnf must list exactly the SDK-style projects (what Linux builds)");
        }

        private static string[] SdkProjects() =>
            Directory.GetFiles(Repository.Root, "*.csproj", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(Repository.Root, p).Replace('\\', '/'))
                .Where(p => !p.Split('/').Any(part => part == "bin" || part == "obj" || part.StartsWith('.')))
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
    }
}
