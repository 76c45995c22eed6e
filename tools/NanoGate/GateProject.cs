using System.Collections.Generic;

namespace Firmware.Tools.NanoGate
{
    /// <summary>A set of sources compiled together for the device, and what it references.</summary>
    public sealed class GateProject
    {
        public GateProject(string name, string projectFile, IReadOnlyList<string> sourceFiles, IReadOnlyList<string> projectReferences,
            bool usesTestFramework, string languageVersion, IReadOnlyList<string> packageAssemblies)
        {
            Name = name;
            ProjectFile = projectFile;
            SourceFiles = sourceFiles;
            ProjectReferences = projectReferences;
            UsesTestFramework = usesTestFramework;
            LanguageVersion = languageVersion;
            PackageAssemblies = packageAssemblies;
        }

        /// <summary>The assembly name.</summary>
        public string Name { get; }

        /// <summary>Full path of the .nfproj.</summary>
        public string ProjectFile { get; }

        /// <summary>Full paths of the C# files.</summary>
        public IReadOnlyList<string> SourceFiles { get; }

        /// <summary>Full paths of the .nfproj files it references.</summary>
        public IReadOnlyList<string> ProjectReferences { get; }

        /// <summary>True when it references nanoFramework.TestFramework.</summary>
        public bool UsesTestFramework { get; }

        /// <summary>The C# version of the device build (the .nfproj's LangVersion).</summary>
        public string LanguageVersion { get; }

        /// <summary>
        /// Full paths of the compile-time assemblies of the nanoFramework packages it references besides mscorlib and
        /// the test framework (reference assemblies from a toolchain's ref folder); empty for a portable project.
        /// </summary>
        public IReadOnlyList<string> PackageAssemblies { get; }

        /// <summary>True for a test project: the nanoFramework test launcher loads it by this name.</summary>
        public bool IsTestProject => Name == "NFUnitTest";
    }
}
